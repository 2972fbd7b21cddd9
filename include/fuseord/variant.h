/* SPDX-License-Identifier: MIT */
/**
 * @file variant.h
 * @brief Protocol variants and their knobs.
 *
 * A variant is a named row of knob values (PROTOCOL.md §7): "pre" is the
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

/** @brief Number of named variants. */
FO_API int fo_variant_count(void);

/**
 * @brief Name of variant @p i ("pre", "v2", ...).
 * @return the name, or NULL if @p i is out of range.
 */
FO_API const char *fo_variant_name(int i);

/**
 * @brief One line saying what variant @p i is.
 * @return the text, or NULL if @p i is out of range.
 */
FO_API const char *fo_variant_summary(int i);

/** @brief Number of knobs. */
FO_API int fo_knob_count(void);

/**
 * @brief Name of knob @p i ("seq_scope", "fail_loop", ...).
 * @return the name, or NULL if @p i is out of range.
 */
FO_API const char *fo_knob_name(int i);

/**
 * @brief The values knob @p i takes, e.g. "none|dev|conn" or "8..64".
 * @return the text, or NULL if @p i is out of range.
 */
FO_API const char *fo_knob_values(int i);

/**
 * @brief The value of @p knob in @p variant, as text.
 * @return the length of the value (as snprintf); -EINVAL for an unknown
 *         variant or knob or a NULL argument.
 */
FO_API int fo_variant_knob(const char *variant, const char *knob, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_VARIANT_H */
