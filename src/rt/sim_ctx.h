/* SPDX-License-Identifier: MIT */
/*
 * sim_ctx.h - user-level context switching for the deterministic backend.
 *
 * Model threads under the deterministic scheduler are coroutines on one OS
 * thread. A switch saves the callee-saved registers and the stack pointer and
 * loads another's: about 10 ns on x86-64, where handing off between pthreads
 * through a futex costs microseconds. Other architectures use ucontext
 * (swapcontext also saves the signal mask with a system call: slower, but
 * correct).
 *
 * Under ASan and TSan every switch is announced to the sanitizer, which
 * otherwise takes the new stack for an overflow of the old one.
 */
#ifndef FUSEORD_RT_SIM_CTX_H
#define FUSEORD_RT_SIM_CTX_H

#include <stddef.h>

#define sim_ctx_make fo_rt_sim_ctx_make
#define sim_ctx_init_self fo_rt_sim_ctx_init_self
#define sim_ctx_switch fo_rt_sim_ctx_switch
#define sim_ctx_destroy fo_rt_sim_ctx_destroy

#if defined(__x86_64__)
#define SIM_CTX_ASM 1
#else
#include <ucontext.h>
#endif

struct sim_ctx {
#ifdef SIM_CTX_ASM
	void *sp;
#else
	ucontext_t uc;
#endif
	void *stack;       /* the scheduler's own context: the OS thread's stack */
	size_t stack_size;
	void (*fn)(void *arg);
	void *arg;
	void *asan_fake;   /* ASan's fake stack of the context being left */
	void *tsan_fiber;  /* TSan's fiber for this context */
	unsigned vg_stack; /* Valgrind's id for the stack, 0 if not registered */
};

typedef void (*sim_ctx_fn)(void *arg);

/* Sets @ctx up to run fn(arg) on @stack the first time it is switched to. */
void sim_ctx_make(struct sim_ctx *ctx, void *stack, size_t size, sim_ctx_fn fn, void *arg);

/* Marks @ctx as the calling OS thread's own context. */
void sim_ctx_init_self(struct sim_ctx *ctx);

/* Saves the running context into @from and runs @to. */
void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to);

/* Frees what the sanitizers hold for @ctx (its TSan fiber). */
void sim_ctx_destroy(struct sim_ctx *ctx);


#endif /* FUSEORD_RT_SIM_CTX_H */
