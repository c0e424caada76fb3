/* Native kernels of the OnchainMarket prover: whole Pippenger windows for G1 and G2 (bucket
 * accumulation with batch-affine additions, XYZZ bucket reduction), whole NTTs over Fr, and batched
 * field operations (also what the tests compare against the managed implementation). One call does a whole window, so the
 * interop cost is paid per window, never per multiplication. Loaded by NativeKernels.cs. */
#include <stdlib.h>
#include "field.h"

/* Bumped whenever a signature or a data layout changes; the managed side refuses other versions. */
#define OMKT_KERNELS_ABI 2

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

/* In-place radix-2 NTT of 2^log2 values in natural order: the bit-reverse permutation, then log2
 * stages of Cooley-Tukey butterflies; twiddles[k] = w^k for k < 2^(log2-1), w the transform's root. */
int omkt_fr_ntt(fr *v, int log2, const fr *twiddles)
{
    if (log2 < 0 || log2 > 28) return -1;
    int64_t n = (int64_t)1 << log2;
    for (int64_t i = 0; i < n; i++) {
        uint32_t x = (uint32_t)i;
        x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
        x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
        x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
        x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
        x = (x >> 16) | (x << 16);
        int64_t j = log2 == 0 ? 0 : (int64_t)(x >> (32 - log2));
        if (j > i) {
            fr t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
    }
    for (int64_t len = 2; len <= n; len <<= 1) {
        int64_t half = len >> 1, stride = n / len;
        for (int64_t base = 0; base < n; base += len) {
            for (int64_t j = 0; j < half; j++) {
                fr *lo = &v[base + j], *hi = &v[base + j + half], t, u = *lo;
                fr_mul(&t, hi, &twiddles[j * stride]);
                fr_add(lo, &u, &t);
                fr_sub(hi, &u, &t);
            }
        }
    }
    return 0;
}

/* Fr batches for the prover (op: 0 add, 1 sub, 2 mul, 6 multiply every a[i] by b[0]). */
int omkt_fr_batch(int op, const fr *a, const fr *b, fr *r, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        switch (op) {
        case 0: fr_add(&r[i], &a[i], &b[i]); break;
        case 1: fr_sub(&r[i], &a[i], &b[i]); break;
        case 2: fr_mul(&r[i], &a[i], &b[i]); break;
        case 6: fr_mul(&r[i], &a[i], &b[0]); break;
        default: return -1;
        }
    }
    return 0;
}

/* Element-wise batches for the property tests (op: 0 add, 1 sub, 2 mul, 3 square, 4 inverse, 5 negate). */
#define OMKT_FIELD_BATCH(T)                                                     \
    int omkt_##T##_batch(int op, const T *a, const T *b, T *r, int64_t n)      \
    {                                                                           \
        for (int64_t i = 0; i < n; i++) {                                       \
            switch (op) {                                                       \
            case 0: T##_add(&r[i], &a[i], &b[i]); break;                        \
            case 1: T##_sub(&r[i], &a[i], &b[i]); break;                        \
            case 2: T##_mul(&r[i], &a[i], &b[i]); break;                        \
            case 3: T##_sqr(&r[i], &a[i]); break;                               \
            case 4: T##_inv(&r[i], &a[i]); break;                               \
            case 5: T##_neg(&r[i], &a[i]); break;                               \
            default: return -1;                                                 \
            }                                                                   \
        }                                                                       \
        return 0;                                                               \
    }
OMKT_FIELD_BATCH(fq)
OMKT_FIELD_BATCH(fq2)
