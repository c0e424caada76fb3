/* One prime field below 2^254 in Montgomery form (R = 2^256), four little-endian 64-bit limbs.
 * Included by field.h once per field with FIELD (the type), FIELD_(name) (function names) and
 * FIELD_P0..P3, FIELD_INV (-1/p mod 2^64) and FIELD_ONE0..3 (R mod p) defined; it undefines them at its end. The modulus' top limb
 * must stay below (2^64 - 1)/2 - 1 (the "no-carry" condition the multiplication relies on). */

typedef struct { uint64_t l[4]; } FIELD;
static const FIELD FIELD_(p) = {{FIELD_P0, FIELD_P1, FIELD_P2, FIELD_P3}};
static const FIELD FIELD_(one) = {{FIELD_ONE0, FIELD_ONE1, FIELD_ONE2, FIELD_ONE3}};
static const uint64_t FIELD_(inv_word) = FIELD_INV;


static inline int FIELD_(is_zero)(const FIELD *a) { return (a->l[0] | a->l[1] | a->l[2] | a->l[3]) == 0; }

static inline int FIELD_(eq)(const FIELD *a, const FIELD *b)
{
    return ((a->l[0] ^ b->l[0]) | (a->l[1] ^ b->l[1]) | (a->l[2] ^ b->l[2]) | (a->l[3] ^ b->l[3])) == 0;
}

/* Carry chains through the compiler's add-with-carry builtins (x86-64: adc/sbb in registers; the
 * generic 128-bit formulation made gcc spill every limb to the stack). */
#if defined(__x86_64__)
#define OMKT_ADC(c, a, b, out) _addcarry_u64((c), (a), (b), (out))
#define OMKT_SBB(c, a, b, out) _subborrow_u64((c), (a), (b), (out))
#endif

/* r = t - p if t >= p (t < 2p < 2^255, so no bit is lost above the top limb). */
static inline void FIELD_(reduce_once)(FIELD *r, const uint64_t t[4])
{
#if defined(__x86_64__)
    unsigned long long s0, s1, s2, s3;
    unsigned char b = OMKT_SBB(0, t[0], FIELD_P0, &s0);
    b = OMKT_SBB(b, t[1], FIELD_P1, &s1);
    b = OMKT_SBB(b, t[2], FIELD_P2, &s2);
    b = OMKT_SBB(b, t[3], FIELD_P3, &s3);
    /* borrow set: t < p, keep t (the compiler emits cmov). */
    r->l[0] = b ? t[0] : s0;
    r->l[1] = b ? t[1] : s1;
    r->l[2] = b ? t[2] : s2;
    r->l[3] = b ? t[3] : s3;
#else
    uint64_t s[4];
    unsigned char borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)t[i] - FIELD_(p).l[i] - borrow;
        s[i] = (uint64_t)d;
        borrow = (unsigned char)((d >> 64) & 1);
    }
    uint64_t mask = (uint64_t)0 - borrow;
    for (int i = 0; i < 4; i++) r->l[i] = (t[i] & mask) | (s[i] & ~mask);
#endif
}

static inline void FIELD_(add)(FIELD *r, const FIELD *a, const FIELD *b)
{
    uint64_t t[4];
#if defined(__x86_64__)
    unsigned long long t0, t1, t2, t3;
    unsigned char c = OMKT_ADC(0, a->l[0], b->l[0], &t0);
    c = OMKT_ADC(c, a->l[1], b->l[1], &t1);
    c = OMKT_ADC(c, a->l[2], b->l[2], &t2);
    OMKT_ADC(c, a->l[3], b->l[3], &t3);
    t[0] = t0; t[1] = t1; t[2] = t2; t[3] = t3;
#else
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
        carry += (u128)a->l[i] + b->l[i];
        t[i] = (uint64_t)carry;
        carry >>= 64;
    }
#endif
    FIELD_(reduce_once)(r, t);
}

static inline void FIELD_(dbl)(FIELD *r, const FIELD *a) { FIELD_(add)(r, a, a); }

static inline void FIELD_(sub)(FIELD *r, const FIELD *a, const FIELD *b)
{
#if defined(__x86_64__)
    unsigned long long t0, t1, t2, t3;
    unsigned char br = OMKT_SBB(0, a->l[0], b->l[0], &t0);
    br = OMKT_SBB(br, a->l[1], b->l[1], &t1);
    br = OMKT_SBB(br, a->l[2], b->l[2], &t2);
    br = OMKT_SBB(br, a->l[3], b->l[3], &t3);
    uint64_t mask = (uint64_t)0 - br;
    unsigned long long r0, r1, r2, r3;
    unsigned char c = OMKT_ADC(0, t0, FIELD_P0 & mask, &r0);
    c = OMKT_ADC(c, t1, FIELD_P1 & mask, &r1);
    c = OMKT_ADC(c, t2, FIELD_P2 & mask, &r2);
    OMKT_ADC(c, t3, FIELD_P3 & mask, &r3);
    r->l[0] = r0; r->l[1] = r1; r->l[2] = r2; r->l[3] = r3;
#else
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
        carry += (u128)t[i] + (FIELD_(p).l[i] & mask);
        r->l[i] = (uint64_t)carry;
        carry >>= 64;
    }
#endif
}

static inline void FIELD_(neg)(FIELD *r, const FIELD *a)
{
    if (FIELD_(is_zero)(a)) { *r = *a; return; }
    unsigned char borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)FIELD_(p).l[i] - a->l[i] - borrow;
        r->l[i] = (uint64_t)d;
        borrow = (unsigned char)((d >> 64) & 1);
    }
}

/* Montgomery product a*b/R mod p, CIOS without the extra carry word: valid because the top limb of
 * p is below (2^64 - 1)/2 - 1 (the "no-carry" condition), which BN254's p satisfies. */
static inline void FIELD_(mul_portable)(FIELD *r, const FIELD *a, const FIELD *b)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t bi = b->l[i];
        u128 A = (u128)a->l[0] * bi + t0;
        t0 = (uint64_t)A;
        uint64_t m = t0 * FIELD_(inv_word);
        u128 C = (u128)m * FIELD_(p).l[0] + t0;
        A = (u128)a->l[1] * bi + t1 + (uint64_t)(A >> 64);
        C = (u128)m * FIELD_(p).l[1] + (uint64_t)A + (uint64_t)(C >> 64);
        t0 = (uint64_t)C;
        A = (u128)a->l[2] * bi + t2 + (uint64_t)(A >> 64);
        C = (u128)m * FIELD_(p).l[2] + (uint64_t)A + (uint64_t)(C >> 64);
        t1 = (uint64_t)C;
        A = (u128)a->l[3] * bi + t3 + (uint64_t)(A >> 64);
        C = (u128)m * FIELD_(p).l[3] + (uint64_t)A + (uint64_t)(C >> 64);
        t2 = (uint64_t)C;
        t3 = (uint64_t)(C >> 64) + (uint64_t)(A >> 64);
    }
    uint64_t t[4] = {t0, t1, t2, t3};
    FIELD_(reduce_once)(r, t);
}

#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__)

/* One CIOS row: t[0..4] = t[0..3] + a * b[word], two carry chains (OF for the low halves, CF for the
 * high halves), so the additions of a row run in parallel. */
#ifndef OMKT_ROW
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
#endif

/* The same CIOS product with MULX/ADCX/ADOX (what the JIT cannot emit): no spilled 128-bit temporaries. */
static inline void FIELD_(mul)(FIELD *r, const FIELD *a, const FIELD *b)
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
        : [a] "r"(a->l), [b] "r"(b->l), [inv] "m"(FIELD_(inv_word)),
          [p0] "m"(FIELD_(p).l[0]), [p1] "m"(FIELD_(p).l[1]), [p2] "m"(FIELD_(p).l[2]), [p3] "m"(FIELD_(p).l[3]),
          "m"(*(const uint64_t(*)[4])a->l), "m"(*(const uint64_t(*)[4])b->l)
        : "rdx", "cc");
    uint64_t t[4] = {t0, t1, t2, t3};
    FIELD_(reduce_once)(r, t);
}
#else
static inline void FIELD_(mul)(FIELD *r, const FIELD *a, const FIELD *b) { FIELD_(mul_portable)(r, a, b); }
#endif

static inline void FIELD_(sqr)(FIELD *r, const FIELD *a) { FIELD_(mul)(r, a, a); }

/* a^(p-2) (Fermat; p0 > 2 for both fields); zero stays zero. One per batch of affine additions, so plain square-and-multiply. */
static inline void FIELD_(inv)(FIELD *r, const FIELD *a)
{
    static const uint64_t e[4] = {FIELD_P0 - 2, FIELD_P1, FIELD_P2, FIELD_P3};
    FIELD acc = FIELD_(one), base = *a;
    for (int bit = 253; bit >= 0; bit--) {
        FIELD_(sqr)(&acc, &acc);
        if ((e[bit >> 6] >> (bit & 63)) & 1) FIELD_(mul)(&acc, &acc, &base);
    }
    *r = acc;
}

#undef FIELD
#undef FIELD_
#undef FIELD_P0
#undef FIELD_P1
#undef FIELD_P2
#undef FIELD_P3
#undef FIELD_INV
#undef FIELD_ONE0
#undef FIELD_ONE1
#undef FIELD_ONE2
#undef FIELD_ONE3
