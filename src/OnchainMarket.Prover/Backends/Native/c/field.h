/* BN254 base field Fq, scalar field Fr and the quadratic extension Fq2 = Fq[u]/(u^2 + 1), Montgomery form with
 * R = 2^256, four little-endian 64-bit limbs: the same bytes as the managed Fq/Fq2 structs, so
 * points cross the interop boundary without conversion. */
#ifndef OMKT_FIELD_H
#define OMKT_FIELD_H

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

typedef unsigned __int128 u128;

#define FIELD fq
#define FIELD_(name) fq_##name
#define FIELD_P0 0x3c208c16d87cfd47ULL
#define FIELD_P1 0x97816a916871ca8dULL
#define FIELD_P2 0xb85045b68181585dULL
#define FIELD_P3 0x30644e72e131a029ULL
#define FIELD_INV 0x87d20782e4866389ULL
#define FIELD_ONE0 0xd35d438dc58f0d9dULL
#define FIELD_ONE1 0x0a78eb28f5c70b3dULL
#define FIELD_ONE2 0x666ea36f7879462cULL
#define FIELD_ONE3 0x0e0a77c19a07df2fULL
#include "field_template.h"
#define FQ_ONE fq_one

#define FIELD fr
#define FIELD_(name) fr_##name
#define FIELD_P0 0x43e1f593f0000001ULL
#define FIELD_P1 0x2833e84879b97091ULL
#define FIELD_P2 0xb85045b68181585dULL
#define FIELD_P3 0x30644e72e131a029ULL
#define FIELD_INV 0xc2e1f593efffffffULL
#define FIELD_ONE0 0xac96341c4ffffffbULL
#define FIELD_ONE1 0x36fc76959f60cd29ULL
#define FIELD_ONE2 0x666ea36f7879462eULL
#define FIELD_ONE3 0x0e0a77c19a07df2fULL
#include "field_template.h"

typedef struct { fq c0, c1; } fq2;

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
