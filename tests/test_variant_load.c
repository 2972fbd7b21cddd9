/* SPDX-License-Identifier: MIT */
/*
 * test_variant_load.c - fo_variant_load() through the API: a variant file
 * is compiled, registered and then named like a built-in variant by
 * fo_check() and fo_model_create(); a second load of the same file is the
 * same handle; a compile error, an unknown base and a name taken fail with
 * the errno variant.h documents. The executable exports its symbols, as a
 * program that loads variants must.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fuseord/fuseord.h"

static char tmpdir[] = "/tmp/fuseord-variant-load-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static unsigned check(const char *variant)
{
	fo_scenario *sc;
	fo_verdict *v;
	struct fo_check_opts o;
	char err[256];
	unsigned got;

	assert_int_equal(fo_scenario_load(FUSEORD_SOURCE_DIR "/scenarios/concern1-link-under-close-wait.fos",
					  &sc, err, sizeof(err)), 0);
	fo_check_opts_init(&o);
	o.variant = variant;
	if (fo_check(sc, &o, &v, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(fo_verdict_variant(v), variant);
	got = fo_verdict_violated(v);
	fo_verdict_free(v);
	fo_scenario_free(sc);
	return got;
}

static void loaded_variant_is_named_like_a_built_in_one(void **state)
{
	const char *path = FUSEORD_SOURCE_DIR "/examples/variants/v3-announced.c";
	int before = fo_variant_count();
	fo_variant_file *f, *again;
	struct fo_model_opts mo = { .variant = "v3-announced" };
	fo_model *m;

	(void)state;
	assert_int_equal(fo_variant_load(path, 2, &f), 1);
	assert_non_null(f);
	assert_string_equal(fo_variant_file_name(f, 0), "v3-announced");
	assert_null(fo_variant_file_name(f, 1));
	assert_int_equal(fo_variant_count(), before + 1);
	assert_string_equal(fo_variant_name(before), "v3-announced");
	assert_non_null(strstr(fo_variant_summary(before), "announced for v3"));
	/* its knob row is its base's */
	{
		char val[32];

		assert_true(fo_variant_knob("v3-announced", "link", val, sizeof(val)) > 0);
		assert_string_equal(val, "close_wait");
	}
	/* the same file again: the same handle, nothing registered twice */
	assert_int_equal(fo_variant_load(path, 2, &again), 1);
	assert_ptr_equal(again, f);
	assert_int_equal(fo_variant_count(), before + 1);
	/* concern 1: v2 misses the file in FIEMAP, v3-announced links it */
	assert_true(check("v2") & FO_ORACLE_FIEMAP_MISS);
	assert_int_equal(check("v3-announced"), 0);
	/* the free-running model runs it too */
	assert_int_equal(fo_model_create(&mo, &m), 0);
	fo_model_destroy(m);
}

static void compile_error_is_enoexec_with_the_compilers_message(void **state)
{
	const char *path = write_file("broken.c", "#include <fuseord/fuse_variant.h>\n"
						  "int broken(struct fuse_file *ff) { return ff->nope; }\n");
	char diag_path[300], buf[4096] = "";
	fo_variant_file *f = (fo_variant_file *)&f;
	FILE *d;
	int fd;

	(void)state;
	snprintf(diag_path, sizeof(diag_path), "%s/diag", tmpdir);
	d = fopen(diag_path, "w+");
	assert_non_null(d);
	fd = fileno(d);
	assert_int_equal(fo_variant_load(path, fd, &f), -ENOEXEC);
	assert_null(f);
	rewind(d);
	assert_true(fread(buf, 1, sizeof(buf) - 1, d) > 0);
	fclose(d);
	assert_non_null(strstr(buf, "broken.c:2:"));
	assert_non_null(strstr(buf, "nope"));
}

static void bad_definitions_are_refused(void **state)
{
	const char *path;
	fo_variant_file *f;
	int before = fo_variant_count();

	(void)state;
	path = write_file("nobase.c", "#include <fuseord/fuse_variant.h>\n"
				      "static const struct fuse_variant_def d = { FUSE_VARIANT_DEF_INIT,\n"
				      "\t.name = \"nobase\", .base = \"v9\" };\n"
				      "FUSE_VARIANTS(&d);\n");
	assert_int_equal(fo_variant_load(path, -1, &f), -ELIBBAD);
	assert_null(f);
	path = write_file("taken.c", "#include <fuseord/fuse_variant.h>\n"
				     "static const struct fuse_variant_def d = { FUSE_VARIANT_DEF_INIT,\n"
				     "\t.name = \"v2\", .base = \"pre\" };\n"
				     "FUSE_VARIANTS(&d);\n");
	assert_int_equal(fo_variant_load(path, -1, &f), -EEXIST);
	path = write_file("none.c", "#include <fuseord/fuse_variant.h>\nint x;\n");
	assert_int_equal(fo_variant_load(path, -1, &f), -ELIBBAD);
	path = write_file("badname.c", "#include <fuseord/fuse_variant.h>\n"
				       "static const struct fuse_variant_def d = { FUSE_VARIANT_DEF_INIT,\n"
				       "\t.name = \"a.b\", .base = \"v2\" };\n"
				       "FUSE_VARIANTS(&d);\n");
	assert_int_equal(fo_variant_load(path, -1, &f), -ELIBBAD);
	/* none of them registered anything */
	assert_int_equal(fo_variant_count(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loaded_variant_is_named_like_a_built_in_one),
		cmocka_unit_test(compile_error_is_enoexec_with_the_compilers_message),
		cmocka_unit_test(bad_definitions_are_refused),
	};
	char cache[300], cmd[400];
	int ret;

	if (!mkdtemp(tmpdir))
		return 1;
	/* a cache of its own, so the test compiles what it loads */
	snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
	setenv("XDG_CACHE_HOME", cache, 1);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		ret = ret ? ret : 1;
	return ret;
}
