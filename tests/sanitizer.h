/* SPDX-License-Identifier: MIT */
/* sanitizer.h - UNDER_TSAN: 1 in a ThreadSanitizer build (gcc or clang), else 0. */
#ifndef FUSEORD_TESTS_SANITIZER_H
#define FUSEORD_TESTS_SANITIZER_H

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

#endif
