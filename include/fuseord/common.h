/* SPDX-License-Identifier: MIT */
/**
 * @file common.h
 * @brief What every libfuseord header shares: export marker and errors.
 *
 * Every fallible call returns 0 (or a non-negative count) on success and a
 * negative errno on failure, as the kernel does; fo_strerror() names it.
 */
#ifndef FUSEORD_COMMON_H
#define FUSEORD_COMMON_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
/**
 * @brief Marks a public function. The library is built with hidden
 * visibility, so only what carries this is exported from a shared libfuseord.
 */
#define FO_API __attribute__((visibility("default")))
#else
#define FO_API
#endif

/**
 * @brief A short text for a libfuseord return value.
 * @param err a value returned by a libfuseord function (0 or negative errno).
 * @return a static string, e.g. "-ENOENT: no such inode or request";
 *         "unknown error" for a negative value the API does not return, "not
 *         an error code" for a positive one; never NULL.
 */
FO_API const char *fo_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_COMMON_H */
