/* SPDX-License-Identifier: MIT */
/**
 * @file scenario.h
 * @brief Scenario files (*.fos): parse, load, ask what they expect.
 *
 * A scenario names the threads of one test (application threads that open,
 * do I/O and close; daemon threads that reply and notify), the devices and
 * inodes they use, and which oracles some schedule is expected to violate
 * under each variant. The format is docs/scenarios.md:
 *
 * @code
 * scenario "concern 2: clones have independent write_seq counters"
 * variant v2
 * set fail_loop=seq
 * conn close_wait=1 no_open=0 writeback_cache=0
 * dev d0
 * dev d1
 * inode 7
 *
 * thread app:    open 7 as f ; io f ; release f
 * thread daemon: write d1 x3 ; reply f on d1 ; notify 7 on d0
 *
 * expect pre:   stale-open
 * expect v2:    stale-open
 * expect fixed: ok
 * @endcode
 *
 * Use:
 * @code
 * fo_scenario *sc;
 * char err[256];
 * unsigned want;
 *
 * if (fo_scenario_load("concern2.fos", &sc, err, sizeof(err)) < 0) {
 *	fprintf(stderr, "%s\n", err);	// concern2.fos:9:33: error: unknown dev 'd2'
 *	return 2;
 * }
 * if (fo_scenario_expect(sc, "v2", &want) == 1)
 *	...				// want == FO_ORACLE_STALE_OPEN
 * fo_scenario_free(sc);
 * @endcode
 *
 * Decisions of the format (docs/scenarios.md):
 *
 * - **Continuation.** A `thread` line whose last token (before any comment)
 *   is `;` continues on the next line that has tokens; blank and comment
 *   lines in between are skipped. A `;` with nothing after it at the end of
 *   the file is an error, and so is `; ;` (an empty operation).
 * - **Devices.** Device numbers are the order of the `dev` lines: the first
 *   is the mount's fd (0), every later one a clone. A file with no `dev`
 *   line at all gets one implicit device named `d0`; as soon as one `dev`
 *   line is given, only the declared devices exist.
 * - **Declaration order.** Inodes, devices, threads and files may be used
 *   before the line that declares them; every name is resolved once the
 *   whole file is read. A file (`open`/`create ... as F`) is declared once
 *   in the whole scenario.
 * - **Thread kinds.** A thread that does open, create, io, release or
 *   fiemap is an application thread; one that does reply, notify or write
 *   is a daemon thread; doing both is an error. A thread that only does
 *   kill, signal and wait is neutral (e.g. a thread that only kills).
 *   `io F` and `release F` may run in any thread, not only the one that
 *   opened F (a file passed to another thread, or closed by it), but in the
 *   opening thread itself they must come after the open.
 * - **Never-finishing programs** are rejected where the text alone proves
 *   them: `wait X` with no `signal X` anywhere, a second `reply` to the same
 *   file, `kill` of the killing thread itself.
 * - **Variants.** A variant name is one fo_variant_name() lists, or `fixed`
 *   (the project's proposed design, accepted before the model has it). A
 *   bare `expect:` applies to the `variant` line, so it needs one, and a
 *   bare and a named `expect` for the same variant are a duplicate.
 * - **Text.** Columns count UTF-8 characters from 1 (a tab is one); a
 *   leading byte order mark and CR before LF are ignored; invalid UTF-8 and
 *   NUL bytes are errors. Strings take the escapes `\"`, `\\`, `\n`, `\t`.
 * - **Limits**, each an error when passed: 1 MiB of text, 4096 bytes per
 *   line, 15 threads (the worker is the 16th), 64 devices, 256 inodes,
 *   1024 operations in all, 32 bytes per name, `write DEV xN` with N in
 *   1..1000.
 *
 * Only the first error is reported. Syntax errors are found in one pass
 * over the text; name resolution (unknown inode, dev, file, thread, a wait
 * that can never finish) runs after it, so a file with both kinds reports
 * its syntax error.
 */
#ifndef FUSEORD_SCENARIO_H
#define FUSEORD_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "fuseord/common.h"
#include "fuseord/oracle.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief A parsed, checked scenario (opaque). */
typedef struct fo_scenario fo_scenario;

/**
 * @brief Parse and check a scenario held in memory.
 * @param text the file's contents, UTF-8; need not be NUL-terminated.
 * @param len bytes in @p text.
 * @param filename the name errors are reported under; NULL means "<input>".
 * @param[out] out receives the scenario on success, NULL on failure; free
 *             it with fo_scenario_free().
 * @param[out] err receives "FILE:LINE:COL: error: MESSAGE" on failure
 *             (truncated to @p errlen, always NUL-terminated), "" on
 *             success; may be NULL.
 * @param errlen size of @p err.
 * @return 0; -EINVAL for an error in the scenario (more than 1 MiB of text
 *         included) or a NULL @p text or @p out; -ENOMEM.
 */
FO_API int fo_scenario_parse(const char *text, size_t len, const char *filename, fo_scenario **out,
			     char *err, size_t errlen);

/**
 * @brief Read a scenario file and parse it.
 * The file is read to its end, so a pipe or /dev/stdin works too.
 * @param path the file; also the name errors are reported under.
 * @param[out] out receives the scenario on success, NULL on failure.
 * @param[out] err receives the error text, as for fo_scenario_parse(); an
 *             I/O error reads "PATH: error: cannot read: REASON"; may be NULL.
 * @param errlen size of @p err.
 * @return 0; -EINVAL for a NULL @p path or @p out; -errno when @p path
 *         cannot be opened or read (e.g. -ENOENT, -EACCES, -EISDIR); -EFBIG
 *         past 1 MiB; -ENOMEM; otherwise as fo_scenario_parse().
 */
FO_API int fo_scenario_load(const char *path, fo_scenario **out, char *err, size_t errlen);

/**
 * @brief Read a file of named variants: `define NAME = BASE KNOB=VALUE...`
 * lines (and comments) only, as `fuseord --variants FILE` takes it.
 * Give the result to fo_check() and fo_replay() in fo_check_opts.variants,
 * and the names it defines work as variant names there.
 * @param path the file.
 * @param[out] out the definitions (a scenario with no thread), NULL on
 *             failure; free with fo_scenario_free().
 * @param[out] err "FILE:LINE:COL: error: ..." on failure; may be NULL.
 * @param errlen size of @p err.
 * @return 0; -EINVAL for a NULL argument or a bad line (a line that is not
 *         a define among them); -ENOENT, -EACCES, ... if it cannot be read;
 *         -ENOMEM.
 */
FO_API int fo_variants_load(const char *path, fo_scenario **out, char *err, size_t errlen);

/**
 * @brief Free a scenario.
 * @param sc the scenario, or NULL (nothing happens).
 */
FO_API void fo_scenario_free(fo_scenario *sc);

/**
 * @brief The title of the `scenario "..."` line.
 * @param sc the scenario.
 * @return the title (owned by @p sc, escapes decoded); NULL if the file has
 *         no `scenario` line or @p sc is NULL.
 */
FO_API const char *fo_scenario_title(const fo_scenario *sc);

/**
 * @brief The variant of the `variant` line.
 * @param sc the scenario.
 * @return the name (owned by @p sc), the default when the command names no
 *         variant; NULL if the file has no `variant` line or @p sc is NULL.
 */
FO_API const char *fo_scenario_variant(const fo_scenario *sc);

/**
 * @brief What the scenario expects of a variant.
 *
 * A bare `expect:` line answers for the file's own variant. A variant with
 * no line is expected to be clean, as docs/scenarios.md says; the caller tells
 * "no line" from "ok" by the return value.
 *
 * @param sc the scenario.
 * @param variant a variant name; NULL means the file's own variant.
 * @param[out] oracles receives the mask of enum fo_oracle bits the `expect`
 *             line lists (0 for `ok`, and 0 when there is no line); may be
 *             NULL.
 * @return 1 if an `expect` line exists for @p variant; 0 if none does;
 *         -EINVAL for a NULL @p sc, an unknown variant, or a NULL @p variant
 *         when the file has no `variant` line.
 */
FO_API int fo_scenario_expect(const fo_scenario *sc, const char *variant, unsigned *oracles);

/**
 * @brief A fingerprint of the scenario's text.
 *
 * FNV-1a (64 bit) of the exact bytes parsed, so a schedule string recorded
 * against one version of a file can be refused when replayed against an
 * edited one.
 *
 * @param sc the scenario.
 * @return the hash; 0 for a NULL @p sc.
 */
FO_API uint64_t fo_scenario_hash(const fo_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_SCENARIO_H */
