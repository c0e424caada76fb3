/* BN254 base field Fq and its quadratic extension Fq2 = Fq[u]/(u^2 + 1), Montgomery form with
 * R = 2^256, four little-endian 64-bit limbs: the same bytes as the managed Fq/Fq2 structs, so
 * points cross the interop boundary without conversion. */
#ifndef OMKT_FIELD_H
#define OMKT_FIELD_H

#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef struct { uint64_t l[4]; } fq;
typedef struct { fq c0, c1; } fq2;

static const fq FQ_P = {{0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL}};
static const fq FQ_ONE = {{0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL}};
#define FQ_INV 0x87d20782e4866389ULL

static inline int fq_is_zero(const fq *a) { return (a->l[0] | a->l[1] | a->l[2] | a->l[3]) == 0; }

static inline int fq_eq(const fq *a, const fq *b)
{
    return ((a->l[0] ^ b->l[0]) | (a->l[1] ^ b->l[1]) | (a->l[2] ^ b->l[2]) | (a->l[3] ^ b->l[3])) == 0;
}

/* r = t - p if t >= p (t < 2p < 2^255, so no bit is lost above the top limb). */
static inline void fq_reduce_once(fq *r, const uint64_t t[4])
{
    uint64_t s[4];
    unsigned char borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)t[i] - FQ_P.l[i] - borrow;
        s[i] = (uint64_t)d;
        borrow = (unsigned char)((d >> 64) & 1);
    }
    /* borrow set: t < p, keep t. Branch-free select. */
    uint64_t mask = (uint64_t)0 - borrow;
    for (int i = 0; i < 4; i++) r->l[i] = (t[i] & mask) | (s[i] & ~mask);
}

static inline void fq_add(fq *r, const fq *a, const fq *b)
{
    uint64_t t[4];
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
        carry += (u128)a->l[i] + b->l[i];
        t[i] = (uint64_t)carry;
        carry >>= 64;
    }
    fq_reduce_once(r, t);
}

static inline void fq_dbl(fq *r, const fq *a) { fq_add(r, a, a); }

static inline void fq_sub(fq *r, const fq *a, const fq *b)
{
    uint64_t t[4];
    unsigned char borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a->l[i] - b->l[i] - borrow;
        t[i] = (uint64_t)d;
        borrow = (unsigned char)((d >> 64) & 1);
    }
    uint64_t mask = (uint64_t)0 - borrow;
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
        carry += (u128)t[i] + (FQ_P.l[i] & mask);
        r->l[i] = (uint64_t)carry;
        carry >>= 64;
    }
}

static inline void fq_neg(fq *r, const fq *a)
{
    if (fq_is_zero(a)) { *r = *a; return; }
    unsigned char borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)FQ_P.l[i] - a->l[i] - borrow;
        r->l[i] = (uint64_t)d;
        borrow = (unsigned char)((d >> 64) & 1);
    }
}

/* Montgomery product a*b/R mod p, CIOS without the extra carry word: valid because the top limb of
 * p is below (2^64 - 1)/2 - 1 (the "no-carry" condition), which BN254's p satisfies. */
static inline void fq_mul_portable(fq *r, const fq *a, const fq *b)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t bi = b->l[i];
        u128 A = (u128)a->l[0] * bi + t0;
        t0 = (uint64_t)A;
        uint64_t m = t0 * FQ_INV;
        u128 C = (u128)m * FQ_P.l[0] + t0;
        A = (u128)a->l[1] * bi + t1 + (uint64_t)(A >> 64);
        C = (u128)m * FQ_P.l[1] + (uint64_t)A + (uint64_t)(C >> 64);
        t0 = (uint64_t)C;
        A = (u128)a->l[2] * bi + t2 + (uint64_t)(A >> 64);
        C = (u128)m * FQ_P.l[2] + (uint64_t)A + (uint64_t)(C >> 64);
        t1 = (uint64_t)C;
        A = (u128)a->l[3] * bi + t3 + (uint64_t)(A >> 64);
        C = (u128)m * FQ_P.l[3] + (uint64_t)A + (uint64_t)(C >> 64);
        t2 = (uint64_t)C;
        t3 = (uint64_t)(C >> 64) + (uint64_t)(A >> 64);
    }
    uint64_t t[4] = {t0, t1, t2, t3};
    fq_reduce_once(r, t);
}

#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__)
static const uint64_t FQ_INV_WORD = FQ_INV;

/* One CIOS row: t[0..4] = t[0..3] + a * b[word], two carry chains (OF for the low halves, CF for the
 * high halves), so the additions of a row run in parallel. */
#define OMKT_ROW(word) \
    "movq " #word "(%[b]), %%rdx\n\t" \
    "xorl %k[t4], %k[t4]\n\t" \
    "mulxq 0(%[a]), %[lo], %[hi]\n\t" "adoxq %[lo], %[t0]\n\t" "adcxq %[hi], %[t1]\n\t" \
    "mulxq 8(%[a]), %[lo], %[hi]\n\t" "adoxq %[lo], %[t1]\n\t" "adcxq %[hi], %[t2]\n\t" \
    "mulxq 16(%[a]), %[lo], %[hi]\n\t" "adoxq %[lo], %[t2]\n\t" "adcxq %[hi], %[t3]\n\t" \
    "mulxq 24(%[a]), %[lo], %[hi]\n\t" "adoxq %[lo], %[t3]\n\t" "adcxq %[hi], %[t4]\n\t" \
    "adoxq %[zero], %[t4]\n\t"

/* t = (t + m p) / 2^64 with m = t0 * (-1/p): the low word cancels, the rest shifts down one word. */
#define OMKT_REDUCE \
    "movq %[t0], %%rdx\n\t" \
    "imulq %[inv], %%rdx\n\t" \
    "xorl %k[zero], %k[zero]\n\t" \
    "mulxq %[p0], %[lo], %[hi]\n\t" "adoxq %[lo], %[t0]\n\t" "adcxq %[hi], %[t1]\n\t" \
    "mulxq %[p1], %[lo], %[hi]\n\t" "adoxq %[lo], %[t1]\n\t" "adcxq %[hi], %[t2]\n\t" \
    "mulxq %[p2], %[lo], %[hi]\n\t" "adoxq %[lo], %[t2]\n\t" "adcxq %[hi], %[t3]\n\t" \
    "mulxq %[p3], %[lo], %[hi]\n\t" "adoxq %[lo], %[t3]\n\t" "adcxq %[hi], %[t4]\n\t" \
    "adoxq %[zero], %[t4]\n\t" \
    "movq %[t1], %[t0]\n\t" "movq %[t2], %[t1]\n\t" "movq %[t3], %[t2]\n\t" "movq %[t4], %[t3]\n\t"

/* The same CIOS product with MULX/ADCX/ADOX (what the JIT cannot emit): no spilled 128-bit temporaries. */
static inline void fq_mul(fq *r, const fq *a, const fq *b)
{
    uint64_t t0, t1, t2, t3, t4, lo, hi, zero;
    __asm__(
        "movq 0(%[b]), %%rdx\n\t"
        "xorl %k[zero], %k[zero]\n\t"
        "mulxq 0(%[a]), %[t0], %[t1]\n\t"
        "mulxq 8(%[a]), %[lo], %[t2]\n\t" "adcxq %[lo], %[t1]\n\t"
        "mulxq 16(%[a]), %[lo], %[t3]\n\t" "adcxq %[lo], %[t2]\n\t"
        "mulxq 24(%[a]), %[lo], %[t4]\n\t" "adcxq %[lo], %[t3]\n\t"
        "adcxq %[zero], %[t4]\n\t"
        OMKT_REDUCE
        OMKT_ROW(8) OMKT_REDUCE
        OMKT_ROW(16) OMKT_REDUCE
        OMKT_ROW(24) OMKT_REDUCE
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4),
          [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero)
        : [a] "r"(a->l), [b] "r"(b->l), [inv] "m"(FQ_INV_WORD),
          [p0] "m"(FQ_P.l[0]), [p1] "m"(FQ_P.l[1]), [p2] "m"(FQ_P.l[2]), [p3] "m"(FQ_P.l[3]),
          "m"(*(const uint64_t(*)[4])a->l), "m"(*(const uint64_t(*)[4])b->l)
        : "rdx", "cc");
    uint64_t t[4] = {t0, t1, t2, t3};
    fq_reduce_once(r, t);
}
#else
static inline void fq_mul(fq *r, const fq *a, const fq *b) { fq_mul_portable(r, a, b); }
#endif

static inline void fq_sqr(fq *r, const fq *a) { fq_mul(r, a, a); }

/* a^(p-2) (Fermat); zero stays zero. One per batch of affine additions, so plain square-and-multiply. */
static void fq_inv(fq *r, const fq *a)
{
    static const uint64_t e[4] = {0x3c208c16d87cfd45ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
    fq acc = FQ_ONE, base = *a;
    for (int bit = 253; bit >= 0; bit--) {
        fq_sqr(&acc, &acc);
        if ((e[bit >> 6] >> (bit & 63)) & 1) fq_mul(&acc, &acc, &base);
    }
    *r = acc;
}

static inline int fq2_is_zero(const fq2 *a) { return fq_is_zero(&a->c0) && fq_is_zero(&a->c1); }
static inline int fq2_eq(const fq2 *a, const fq2 *b) { return fq_eq(&a->c0, &b->c0) && fq_eq(&a->c1, &b->c1); }
static inline void fq2_add(fq2 *r, const fq2 *a, const fq2 *b) { fq_add(&r->c0, &a->c0, &b->c0); fq_add(&r->c1, &a->c1, &b->c1); }
static inline void fq2_sub(fq2 *r, const fq2 *a, const fq2 *b) { fq_sub(&r->c0, &a->c0, &b->c0); fq_sub(&r->c1, &a->c1, &b->c1); }
static inline void fq2_dbl(fq2 *r, const fq2 *a) { fq_dbl(&r->c0, &a->c0); fq_dbl(&r->c1, &a->c1); }
static inline void fq2_neg(fq2 *r, const fq2 *a) { fq_neg(&r->c0, &a->c0); fq_neg(&r->c1, &a->c1); }

/* Karatsuba: three Fq products. */
static inline void fq2_mul(fq2 *r, const fq2 *a, const fq2 *b)
{
    fq v0, v1, sa, sb, cross;
    fq_mul(&v0, &a->c0, &b->c0);
    fq_mul(&v1, &a->c1, &b->c1);
    fq_add(&sa, &a->c0, &a->c1);
    fq_add(&sb, &b->c0, &b->c1);
    fq_mul(&cross, &sa, &sb);
    fq_sub(&r->c0, &v0, &v1);
    fq_sub(&cross, &cross, &v0);
    fq_sub(&r->c1, &cross, &v1);
}

/* (c0 + c1)(c0 - c1) + 2 c0 c1 u: two Fq products. */
static inline void fq2_sqr(fq2 *r, const fq2 *a)
{
    fq s, d, ab;
    fq_add(&s, &a->c0, &a->c1);
    fq_sub(&d, &a->c0, &a->c1);
    fq_mul(&ab, &a->c0, &a->c1);
    fq_mul(&r->c0, &s, &d);
    fq_dbl(&r->c1, &ab);
}

/* Conjugate over the norm c0^2 + c1^2; zero stays zero. */
static void fq2_inv(fq2 *r, const fq2 *a)
{
    fq n0, n1, ni;
    fq_sqr(&n0, &a->c0);
    fq_sqr(&n1, &a->c1);
    fq_add(&n0, &n0, &n1);
    fq_inv(&ni, &n0);
    fq_mul(&r->c0, &a->c0, &ni);
    fq_mul(&n1, &a->c1, &ni);
    fq_neg(&r->c1, &n1);
}

#endif
