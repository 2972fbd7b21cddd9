/* SPDX-License-Identifier: MIT */
/*
 * sim_ctx.c - the coroutine switch of the deterministic backend: six
 * callee-saved registers and the stack pointer on x86-64 (System V ABI),
 * ucontext elsewhere, with the ASan and TSan fiber annotations.
 */
#include <pthread.h>
#include <stdint.h>

#include "rt/sim_ctx.h"

#if defined(__SANITIZE_ADDRESS__)
#define SIM_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define SIM_TSAN 1
#endif
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define SIM_TSAN 1
#endif
#endif

#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef SIM_TSAN
#include <sanitizer/tsan_interface.h>
#endif

/*
 * Under Valgrind a coroutine stack must be registered, or every switch looks
 * like a stack-pointer jump ("client switching stacks?") and Memcheck's view
 * of what is addressable goes wrong. The requests are a few no-op
 * instructions when not under Valgrind; without the header they compile away.
 */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define SIM_VALGRIND 1
#endif
#endif

/* A slot's stack never moves, so it is registered once, on first use. */
static void sim_ctx_register_stack(struct sim_ctx *ctx, void *stack, size_t size)
{
#ifdef SIM_VALGRIND
	if (!ctx->vg_stack)
		ctx->vg_stack = VALGRIND_STACK_REGISTER(stack, (char *)stack + size);
#else
	(void)ctx;
	(void)stack;
	(void)size;
#endif
}

/*
 * A stack is reused by the next execution while the frames of a thread the
 * last one abandoned (blocked, or cut short) still have ASan redzones on it:
 * clear them, or the new frames look like overflows.
 */
static void sim_ctx_fresh_stack(void *stack, size_t size)
{
#ifdef SIM_ASAN
	__asan_unpoison_memory_region(stack, size);
#else
	(void)stack;
	(void)size;
#endif
}

static void sim_ctx_entry(struct sim_ctx *ctx)
{
#ifdef SIM_ASAN
	__sanitizer_finish_switch_fiber(NULL, NULL, NULL);
#endif
	ctx->fn(ctx->arg);
	__builtin_unreachable(); /* fn switches away for good */
}

#ifdef SIM_TSAN
/*
 * A context made again for a new body gets a new TSan fiber: the old body
 * never returned (it switched away for good), so its fiber's shadow stack
 * still holds its frames, and reusing the fiber would grow that stack by one
 * body per execution until TSan's stack depot overflows.
 */
static void sim_ctx_fresh_fiber(struct sim_ctx *ctx)
{
	if (ctx->tsan_fiber)
		__tsan_destroy_fiber(ctx->tsan_fiber);
	ctx->tsan_fiber = __tsan_create_fiber(0);
}
#endif

#ifdef SIM_CTX_ASM
/*
 * sim_ctx_swap(&from_sp, to_sp): push the callee-saved registers, save the
 * stack pointer, load the other one, pop its registers and return into it.
 * A new context's stack holds zeroed registers with r12 = ctx, r13 = entry,
 * and "returns" into sim_ctx_boot, which calls entry(ctx).
 */
void fo_rt_sim_ctx_swap(void **from_sp, void *to_sp);
void fo_rt_sim_ctx_boot(void);
__asm__(".text\n"
	".globl fo_rt_sim_ctx_swap\n"
	".hidden fo_rt_sim_ctx_swap\n"
	".type fo_rt_sim_ctx_swap, @function\n"
	"fo_rt_sim_ctx_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size fo_rt_sim_ctx_swap, .-fo_rt_sim_ctx_swap\n"
	".globl fo_rt_sim_ctx_boot\n"
	".hidden fo_rt_sim_ctx_boot\n"
	".type fo_rt_sim_ctx_boot, @function\n"
	"fo_rt_sim_ctx_boot:\n"
	"	movq %r12, %rdi\n"
	"	callq *%r13\n"
	"	ud2\n"
	".size fo_rt_sim_ctx_boot, .-fo_rt_sim_ctx_boot\n");

void sim_ctx_make(struct sim_ctx *ctx, void *stack, size_t size, sim_ctx_fn fn, void *arg)
{
	/* 16-byte aligned at the boot code's call, as the ABI requires */
	void **sp = (void **)(((uintptr_t)stack + size) & ~(uintptr_t)15) - 2;

	sim_ctx_fresh_stack(stack, size);
	sim_ctx_register_stack(ctx, stack, size);
	ctx->stack = stack;
	ctx->stack_size = size;
	ctx->fn = fn;
	ctx->arg = arg;
	*--sp = (void *)fo_rt_sim_ctx_boot; /* ret */
	*--sp = NULL;                       /* rbp */
	*--sp = NULL;                       /* rbx */
	*--sp = ctx;                        /* r12 */
	*--sp = (void *)sim_ctx_entry;      /* r13 */
	*--sp = NULL;                       /* r14 */
	*--sp = NULL;                       /* r15 */
	ctx->sp = sp;
#ifdef SIM_TSAN
	sim_ctx_fresh_fiber(ctx);
#endif
}
#else
static void sim_ctx_uc_entry(unsigned hi, unsigned lo)
{
	sim_ctx_entry((struct sim_ctx *)(((uintptr_t)hi << 32) | lo));
}

void sim_ctx_make(struct sim_ctx *ctx, void *stack, size_t size, sim_ctx_fn fn, void *arg)
{
	uintptr_t p = (uintptr_t)ctx;

	sim_ctx_fresh_stack(stack, size);
	sim_ctx_register_stack(ctx, stack, size);
	ctx->stack = stack;
	ctx->stack_size = size;
	ctx->fn = fn;
	ctx->arg = arg;
	getcontext(&ctx->uc);
	ctx->uc.uc_stack.ss_sp = stack;
	ctx->uc.uc_stack.ss_size = size;
	ctx->uc.uc_link = NULL;
	makecontext(&ctx->uc, (void (*)(void))sim_ctx_uc_entry, 2, (unsigned)(p >> 32),
		    (unsigned)p);
#ifdef SIM_TSAN
	sim_ctx_fresh_fiber(ctx);
#endif
}
#endif

void sim_ctx_init_self(struct sim_ctx *ctx)
{
	ctx->stack = NULL;
	ctx->stack_size = 0;
#ifdef SIM_ASAN
	/*
	 * ASan needs the OS thread's stack bounds to switch back to it; only
	 * ASan, because on the main thread they cost a read of /proc/self/maps.
	 */
	pthread_attr_t attr;

	if (!pthread_getattr_np(pthread_self(), &attr)) {
		pthread_attr_getstack(&attr, &ctx->stack, &ctx->stack_size);
		pthread_attr_destroy(&attr);
	}
#endif
#ifdef SIM_TSAN
	ctx->tsan_fiber = __tsan_get_current_fiber();
#endif
}

void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to)
{
#ifdef SIM_ASAN
	__sanitizer_start_switch_fiber(&from->asan_fake, to->stack, to->stack_size);
#endif
#ifdef SIM_TSAN
	__tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
#ifdef SIM_CTX_ASM
	fo_rt_sim_ctx_swap(&from->sp, to->sp);
#else
	swapcontext(&from->uc, &to->uc);
#endif
#ifdef SIM_ASAN
	__sanitizer_finish_switch_fiber(from->asan_fake, NULL, NULL);
#endif
}

void sim_ctx_destroy(struct sim_ctx *ctx)
{
#ifdef SIM_TSAN
	if (ctx->tsan_fiber && ctx->stack && ctx->fn)
		__tsan_destroy_fiber(ctx->tsan_fiber);
	ctx->tsan_fiber = NULL;
#endif
#ifdef SIM_VALGRIND
	if (ctx->vg_stack)
		VALGRIND_STACK_DEREGISTER(ctx->vg_stack);
	ctx->vg_stack = 0;
#endif
	(void)ctx;
}
