/* Native kernels of the OnchainMarket prover: whole Pippenger windows for G1 and G2 (bucket
 * accumulation with batch-affine additions, XYZZ bucket reduction) and batched field operations that
 * the tests compare against the managed implementation. One call does a whole window, so the
 * interop cost is paid per window, never per multiplication. Loaded by NativeKernels.cs. */
#include <stdlib.h>
#include "field.h"

/* Bumped whenever a signature or a data layout changes; the managed side refuses other versions. */
#define OMKT_KERNELS_ABI 1

int omkt_kernels_abi(void) { return OMKT_KERNELS_ABI; }

#define F fq
#define F_(name) fq_##name
#define F_ONE FQ_ONE
#define G_(name) omkt_g1_##name
#include "msm_template.h"
#undef F
#undef F_
#undef F_ONE
#undef G_

static const fq2 FQ2_ONE = {{{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}}, {{0, 0, 0, 0}}};
#define F fq2
#define F_(name) fq2_##name
#define F_ONE FQ2_ONE
#define G_(name) omkt_g2_##name
#include "msm_template.h"
#undef F
#undef F_
#undef F_ONE
#undef G_

/* Element-wise batches for the property tests (op: 0 add, 1 sub, 2 mul, 3 square, 4 inverse, 5 negate). */
int omkt_fq_batch(int op, const fq *a, const fq *b, fq *r, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        switch (op) {
        case 0: fq_add(&r[i], &a[i], &b[i]); break;
        case 1: fq_sub(&r[i], &a[i], &b[i]); break;
        case 2: fq_mul(&r[i], &a[i], &b[i]); break;
        case 3: fq_sqr(&r[i], &a[i]); break;
        case 4: fq_inv(&r[i], &a[i]); break;
        case 5: fq_neg(&r[i], &a[i]); break;
        default: return -1;
        }
    }
    return 0;
}

int omkt_fq2_batch(int op, const fq2 *a, const fq2 *b, fq2 *r, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        switch (op) {
        case 0: fq2_add(&r[i], &a[i], &b[i]); break;
        case 1: fq2_sub(&r[i], &a[i], &b[i]); break;
        case 2: fq2_mul(&r[i], &a[i], &b[i]); break;
        case 3: fq2_sqr(&r[i], &a[i]); break;
        case 4: fq2_inv(&r[i], &a[i]); break;
        case 5: fq2_neg(&r[i], &a[i]); break;
        default: return -1;
        }
    }
    return 0;
}
