/* SPDX-License-Identifier: MIT */
/*
 * variant_load.c - fo_variant_load(): a variant written in C, compiled with
 * the system compiler against fuseord/fuse_variant.h, cached by content,
 * dlopen()ed, and its fuse_variant_defs registered (variant.c).
 *
 * The .so is linked against nothing: its calls to the model's kernel
 * functions and to the fo_ API resolve, at dlopen(), against the libfuseord
 * already in the process (the shared library, or the command built with
 * its symbols exported), so the variant runs on the same runtime and under
 * the same scheduler as the built-in code.
 *
 * Global state: the list of loaded files, under load_lock (one load at a
 * time, compile included). A loaded file is never unloaded: its variants
 * stay registered, and their code mapped, until the process exits.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuseord/variant.h"
#include "model/fuse_i.h"

#ifndef FUSEORD_BUILD_INCLUDEDIR
#define FUSEORD_BUILD_INCLUDEDIR ""
#endif
#ifndef FUSEORD_INCLUDEDIR_FROM_BINDIR
#define FUSEORD_INCLUDEDIR_FROM_BINDIR "../include"
#endif
#ifndef FUSEORD_INCLUDEDIR_FROM_LIBDIR
#define FUSEORD_INCLUDEDIR_FROM_LIBDIR "../include"
#endif

#define MAX_SOURCE (4u << 20)
#define MAX_PER_FILE 16

struct fo_variant_file {
	struct fo_variant_file *next;
	uint64_t hash;
	void *dl;
	int n;
	const char *names[MAX_PER_FILE];
};

static struct fo_variant_file *loaded_files;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static void diag(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void diag(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	if (fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1) < 0)
		return;
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++) {
		h ^= c[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The whole of @path, NUL-terminated; NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(MAX_SOURCE + 1);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	n = fread(buf, 1, MAX_SOURCE + 1, f);
	fclose(f);
	if (n > MAX_SOURCE) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool has_header(const char *dir)
{
	char p[PATH_MAX];

	return snprintf(p, sizeof(p), "%s/fuseord/fuse_variant.h", dir) < (int)sizeof(p) &&
	       access(p, R_OK) == 0;
}

/* @dir/@rel, if it holds the headers. */
static bool try_relative(const char *file, const char *rel, char *out, size_t len)
{
	char dir[PATH_MAX];
	char *slash;

	if (!file || !*file || snprintf(dir, sizeof(dir), "%s", file) >= (int)sizeof(dir))
		return false;
	slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return snprintf(out, len, "%s/%s", dir, rel) < (int)len && has_header(out);
}

/*
 * The headers a variant compiles against: $FUSEORD_INCLUDE_DIR if set;
 * else those installed beside the libfuseord in use (its shared library in
 * LIBDIR, or the command in BINDIR: the relative paths are computed when
 * the library is configured); else the source tree it was built from.
 */
static int include_dir(char *out, size_t len)
{
	const char *env = getenv("FUSEORD_INCLUDE_DIR");
	char self[PATH_MAX];
	Dl_info info;
	ssize_t n;

	if (env && *env) {
		snprintf(out, len, "%s", env);
		return has_header(out) ? 0 : -ENOENT;
	}
	if (dladdr((void *)fo_variant_load, &info) && info.dli_fname &&
	    (try_relative(info.dli_fname, FUSEORD_INCLUDEDIR_FROM_LIBDIR, out, len) ||
	     try_relative(info.dli_fname, FUSEORD_INCLUDEDIR_FROM_BINDIR, out, len)))
		return 0;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if (try_relative(self, FUSEORD_INCLUDEDIR_FROM_BINDIR, out, len) ||
		    try_relative(self, FUSEORD_INCLUDEDIR_FROM_LIBDIR, out, len))
			return 0;
	}
	snprintf(out, len, "%s", FUSEORD_BUILD_INCLUDEDIR);
	return *out && has_header(out) ? 0 : -ENOENT;
}

static bool dir_ok(const char *dir)
{
	struct stat st;

	return !lstat(dir, &st) && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
	       !access(dir, W_OK | X_OK);
}

static bool make_dir(const char *dir)
{
	return (!mkdir(dir, 0700) || errno == EEXIST) && dir_ok(dir);
}

/*
 * Where compiled variants are kept: $XDG_CACHE_HOME/fuseord, else
 * ~/.cache/fuseord, else a directory of this user's in $TMPDIR or /tmp.
 */
static int cache_dir(char *out, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *tmp = getenv("TMPDIR");
	char base[PATH_MAX];

	if (xdg && xdg[0] == '/' && snprintf(out, len, "%s/fuseord", xdg) < (int)len) {
		if (make_dir(xdg) && make_dir(out))
			return 0;
	}
	if (home && home[0] == '/' && snprintf(base, sizeof(base), "%s/.cache", home) <
						     (int)sizeof(base) &&
	    snprintf(out, len, "%s/fuseord", base) < (int)len) {
		if ((!mkdir(base, 0700) || errno == EEXIST) && make_dir(out))
			return 0;
	}
	if (snprintf(out, len, "%s/fuseord-%u", tmp && tmp[0] == '/' ? tmp : "/tmp",
		     (unsigned)getuid()) < (int)len &&
	    make_dir(out))
		return 0;
	return -EACCES;
}

/* The hash of everything the .so depends on: the source, the headers, the compiler. */
static uint64_t build_hash(const char *src, size_t len, const char *inc, const char *cc)
{
	static const char *const headers[] = { "fuse_variant.h", "kernel.h", "sync.h",
					       "bitops.h", "task.h", "common.h" };
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned abi = FUSE_VARIANT_ABI;

	h = fnv1a(h, src, len);
	h = fnv1a(h, &abi, sizeof(abi));
	h = fnv1a(h, inc, strlen(inc) + 1);
	h = fnv1a(h, cc, strlen(cc) + 1);
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		char p[PATH_MAX], *text;
		size_t n;

		if (snprintf(p, sizeof(p), "%s/fuseord/%s", inc, headers[i]) >= (int)sizeof(p))
			continue; /* no such path: nothing to hash */
		text = read_file(p, &n);
		if (text) {
			h = fnv1a(h, text, n);
			free(text);
		}
	}
	return h;
}

/*
 * $CC (else cc) -shared -fPIC ... -o @so @path, its messages to @diag_fd as
 * it prints them. The shell splits $CC, so CC="ccache gcc" works.
 */
static int compile(const char *path, const char *inc, const char *so, int diag_fd)
{
	int status, null_fd = -1;
	pid_t pid;

	if (diag_fd < 0)
		null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = diag_fd >= 0 ? diag_fd : null_fd;

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl("/bin/sh", "sh", "-c", "exec ${CC:-cc} \"$@\"", "sh", "-std=gnu11", "-shared",
		      "-fPIC", "-O1", "-g", "-I", inc, "-o", so, path, (char *)NULL);
		_exit(127);
	}
	if (null_fd >= 0)
		close(null_fd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -ENOEXEC;
}

static bool name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!n || n >= 32 || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '+'))
			return false;
	}
	return strcmp(name, "all") != 0;
}

/* Every entry: the def's, else the base's. */
static void merge_ops(struct fuse_variant_ops *o, const struct fuse_variant_ops *base,
		      const struct fuse_variant_ops *def)
{
	*o = *base;
#define TAKE(f)              \
	if (def->f)          \
		o->f = def->f
	TAKE(write_seq_inc);
	TAKE(invalidate_files);
	TAKE(inval_files_work);
	TAKE(open_send);
	TAKE(create_open_send);
	TAKE(open_reply);
	TAKE(finish_open);
	TAKE(link_rw_file);
	TAKE(release);
#undef TAKE
}

/* Check every def and register them all, or none. */
static int register_defs(struct fo_variant_file *f, const struct fuse_variant_def *const *defs,
			 const char *path, int diag_fd)
{
	struct fuse_variant v[MAX_PER_FILE];
	struct fuse_variant_ops *ops;
	int n = 0, err;

	while (defs[n] && n < MAX_PER_FILE)
		n++;
	if (!n || defs[n]) {
		diag(diag_fd, "%s: %s\n", path,
		     n ? "more than 16 variants in one file" : "FUSE_VARIANTS() names no variant");
		return -ELIBBAD;
	}
	ops = calloc((size_t)n, sizeof(*ops));
	if (!ops)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		const struct fuse_variant_def *d = defs[i];
		const struct fuse_variant *base = NULL;

		if (d->abi != FUSE_VARIANT_ABI || d->conn_size != sizeof(struct fuse_conn)) {
			diag(diag_fd, "%s: built for another fuse_variant.h (ABI %u, this library %u)\n",
			     path, d->abi, FUSE_VARIANT_ABI);
			goto bad;
		}
		if (!name_ok(d->name)) {
			diag(diag_fd, "%s: bad variant name '%s' (a letter, then letters, digits, "
				      "'-', '_' or '+'; at most 31)\n",
			     path, d->name ? d->name : "(null)");
			goto bad;
		}
		for (int j = 0; j < i && !base; j++)
			if (d->base && !strcmp(v[j].name, d->base))
				base = &v[j];
		if (!base)
			base = fuse_variant_find(d->base);
		if (!base) {
			diag(diag_fd, "%s: variant '%s': unknown base '%s' (try: fuseord variants)\n",
			     path, d->name, d->base ? d->base : "(null)");
			goto bad;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(v[j].name, d->name)) {
				diag(diag_fd, "%s: variant '%s' is defined twice\n", path, d->name);
				goto bad;
			}
		if (fuse_variant_find(d->name)) {
			diag(diag_fd, "%s: variant '%s' exists already\n", path, d->name);
			free(ops);
			return -EEXIST;
		}
		merge_ops(&ops[i], base->knobs.ops ? base->knobs.ops : &fuse_kernel_ops, &d->ops);
		v[i] = (struct fuse_variant){ .name = d->name,
					      .summary = d->summary ? d->summary : "",
					      .base = base->name, .knobs = base->knobs };
		v[i].knobs.ops = &ops[i];
	}
	for (int i = 0; i < n; i++) {
		err = fuse_variant_register(&v[i]);
		if (err)
			return err; /* only -ENOSPC: names were checked under load_lock */
		f->names[f->n++] = v[i].name;
	}
	return n;
bad:
	free(ops);
	return -ELIBBAD;
}

FO_API int fo_variant_load(const char *path, int diag_fd, fo_variant_file **out)
{
	const struct fuse_variant_def *const *defs;
	char inc[PATH_MAX], dir[PATH_MAX], so[PATH_MAX + 32], tmp[PATH_MAX + 64];
	const char *cc = getenv("CC");
	struct fo_variant_file *f;
	size_t len;
	uint64_t hash;
	char *src;
	int err;

	if (out)
		*out = NULL;
	if (!path || !out || diag_fd < -1)
		return -EINVAL;
	src = read_file(path, &len);
	if (!src) {
		err = -errno;
		diag(diag_fd, "%s: %s\n", path, strerror(errno));
		return err;
	}
	if (include_dir(inc, sizeof(inc))) {
		free(src);
		diag(diag_fd, "%s: no fuseord/fuse_variant.h to compile it against (set "
			      "FUSEORD_INCLUDE_DIR)\n", path);
		return -ENOENT;
	}
	hash = build_hash(src, len, inc, cc ? cc : "cc");
	free(src);

	pthread_mutex_lock(&load_lock);
	for (f = loaded_files; f; f = f->next) {
		if (f->hash == hash) {
			*out = f;
			err = f->n;
			goto unlock;
		}
	}
	err = cache_dir(dir, sizeof(dir));
	if (err) {
		diag(diag_fd, "%s: no writable cache directory\n", path);
		goto unlock;
	}
	snprintf(so, sizeof(so), "%s/%016llx.so", dir, (unsigned long long)hash);
	if (access(so, R_OK)) {
		/* compile beside it, then rename: a reader never sees half a .so */
		snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", so, (long)getpid());
		err = compile(path, inc, tmp, diag_fd);
		if (!err && rename(tmp, so))
			err = -errno;
		if (err) {
			unlink(tmp);
			goto unlock;
		}
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		err = -ENOMEM;
		goto unlock;
	}
	f->hash = hash;
	f->dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (!f->dl) {
		diag(diag_fd, "%s: %s\n", path, dlerror());
		free(f);
		err = -ELIBBAD;
		goto unlock;
	}
	defs = (const struct fuse_variant_def *const *)dlsym(f->dl, "fo_variant_defs");
	if (!defs) {
		diag(diag_fd, "%s: defines no variants (no FUSE_VARIANTS(...) line)\n", path);
		err = -ELIBBAD;
	} else {
		err = register_defs(f, defs, path, diag_fd);
	}
	if (err < 0 && !f->n) {
		dlclose(f->dl);
		free(f);
		goto unlock;
	}
	f->next = loaded_files;
	loaded_files = f;
	*out = f;
unlock:
	pthread_mutex_unlock(&load_lock);
	return err;
}

FO_API const char *fo_variant_file_name(const fo_variant_file *f, int i)
{
	return f && i >= 0 && i < f->n ? f->names[i] : NULL;
}
