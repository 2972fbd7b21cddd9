/* SPDX-License-Identifier: MIT */
/**
 * @file variant.h
 * @brief Protocol variants and their knobs.
 *
 * A variant is a named row of knob values (docs/protocol.md §6): "pre" is the
 * kernel before the patch, "v2" the patch as posted. Every knob can also be
 * set on its own (fo_model_set_knob()), so each claim of the review can be
 * tried in isolation.
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

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_VARIANT_H */
