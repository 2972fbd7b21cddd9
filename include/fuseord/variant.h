/* SPDX-License-Identifier: MIT */
/**
 * @file variant.h
 * @brief Protocol variants and their knobs.
 *
 * A variant is a named row of knob values (docs/protocol.md §6) and the
 * kernel functions it runs: "pre" is the kernel before the patch, "v2" the
 * patch as posted, "fixed" this project's proposal. Every knob can also be
 * set on its own (fo_model_set_knob()), so each claim of the review can be
 * tried in isolation. A variant whose mechanism no knob expresses is
 * written in C against fuseord/fuse_variant.h and loaded with
 * fo_variant_load() (docs/variants.md); from then on it is named like the
 * built-in ones, by fo_variant_name(), fo_model_opts.variant and
 * fo_check_opts.variant.
 */
#ifndef FUSEORD_VARIANT_H
#define FUSEORD_VARIANT_H

#include <stddef.h>

#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Number of named variants.
 * @return the count; variants are numbered 0 .. count - 1.
 */
FO_API int fo_variant_count(void);

/**
 * @brief Name of variant @p i ("pre", "v2", ...).
 * @param i the variant's number, 0 .. fo_variant_count() - 1.
 * @return the name, or NULL if @p i is out of range.
 */
FO_API const char *fo_variant_name(int i);

/**
 * @brief One line saying what variant @p i is.
 * @param i the variant's number, 0 .. fo_variant_count() - 1.
 * @return the text, or NULL if @p i is out of range.
 */
FO_API const char *fo_variant_summary(int i);

/**
 * @brief Number of knobs.
 * @return the count; knobs are numbered 0 .. count - 1.
 */
FO_API int fo_knob_count(void);

/**
 * @brief Name of knob @p i ("seq_scope", "fail_loop", ...).
 * @param i the knob's number, 0 .. fo_knob_count() - 1.
 * @return the name, or NULL if @p i is out of range.
 */
FO_API const char *fo_knob_name(int i);

/**
 * @brief The values knob @p i takes, e.g. "none|dev|conn" or "8..64".
 * @param i the knob's number, 0 .. fo_knob_count() - 1.
 * @return the text, or NULL if @p i is out of range.
 */
FO_API const char *fo_knob_values(int i);

/**
 * @brief The value of @p knob in @p variant, as text.
 * @param variant a variant name, as fo_variant_name() gives.
 * @param knob a knob name, as fo_knob_name() gives.
 * @param[out] buf receives the value ("dev", "64"), truncated to @p len and
 *             NUL-terminated as snprintf does; may be NULL if @p len is 0.
 * @param len size of @p buf.
 * @return the length of the value (as snprintf); -EINVAL for an unknown
 *         variant or knob, a NULL @p variant or @p knob, or a NULL @p buf
 *         with a non-zero @p len.
 */
FO_API int fo_variant_knob(const char *variant, const char *knob, char *buf, size_t len);

/** @brief The variants of one loaded C file (opaque; lives until the process exits). */
typedef struct fo_variant_file fo_variant_file;

/**
 * @brief Compile, load and register the variants a C file defines.
 *
 * Compiles @p path with $CC (else cc) -std=gnu11 -shared -fPIC against the
 * fuseord headers this library belongs to ($FUSEORD_INCLUDE_DIR if set,
 * else the installed ones beside it, else its source tree), into a cache
 * keyed by a hash of the source, the headers and $CC
 * ($XDG_CACHE_HOME/fuseord, else ~/.cache/fuseord, else a directory of the
 * user's in $TMPDIR or /tmp). The .so is dlopen()ed; every struct
 * fuse_variant_def its FUSE_VARIANTS() line names is registered under its
 * name, with its base's knobs and ops and its own ops where it has them.
 * Loading a file with the same hash again gives the same handle. Nothing
 * is ever unloaded. Thread-safe: loads are serialised.
 *
 * The .so is linked against nothing: it uses the libfuseord of the
 * process, so a program linking the static library must link it whole and
 * export its symbols (-rdynamic); with the shared library nothing is needed.
 * A variant's code runs inside the process: a crash in it is a crash of
 * the caller (fuseord check runs each pair in a child process to report it;
 * see docs/variants.md).
 *
 * @param path the C file.
 * @param diag_fd where the compiler's messages go, as it prints them, and
 *        the reason for any other failure, one line; -1: nowhere.
 * @param[out] out receives the handle; NULL on failure.
 * @return the number of variants the file defines (1..16), or -EINVAL for
 *         a NULL @p path or @p out or a @p diag_fd below -1; -ENOENT (or
 *         another -errno) if @p path cannot be read, -ENOENT also when no
 *         fuseord/fuse_variant.h is found; -ENOEXEC if it does not compile;
 *         -ELIBBAD if it does not load, defines no variant, or a variant has
 *         a bad name, an unknown base or another ABI; -EEXIST if a name is
 *         taken; -ENOSPC when 64 variants are loaded already; -EACCES if no
 *         cache directory is writable; -ENOMEM.
 */
FO_API int fo_variant_load(const char *path, int diag_fd, fo_variant_file **out);

/**
 * @brief Name of the @p i-th variant a loaded file defines.
 * @param f a handle from fo_variant_load().
 * @param i 0 .. (what fo_variant_load() returned) - 1.
 * @return the name, or NULL for a NULL @p f or an @p i out of range.
 */
FO_API const char *fo_variant_file_name(const fo_variant_file *f, int i);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_VARIANT_H */
