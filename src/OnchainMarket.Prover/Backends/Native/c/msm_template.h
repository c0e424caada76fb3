/* One Pippenger window for a short-Weierstrass curve with a = 0, instantiated for G1 (F = fq) and G2
 * (F = fq2) by msm.c. The caller defines F, F_(name) (field functions), F_ONE, G_(name) (exported
 * names) before including this file.
 *
 * Buckets are affine; additions are queued into batches sharing one inversion (Montgomery's trick),
 * about 6 multiplications per addition. A bucket takes part in at most one addition per batch; a
 * point for a bucket already in the batch waits in a queue. P + P and P + (-P) are handled in the
 * batch. The buckets are then summed by the running-sum method in XYZZ coordinates
 * (x = X/ZZ, y = Y/ZZZ), which need no inversion and fewer products than Jacobian ones. */

typedef struct { F x, y; } G_(affine);
typedef struct { F x, y, zz, zzz; } G_(xyzz);
typedef struct { F x, y, z; } G_(jacobian);

enum { G_(KIND_ADD) = 0, G_(KIND_DOUBLE) = 1, G_(KIND_CANCEL) = 2 };

static inline int G_(affine_is_inf)(const G_(affine) *p) { return F_(is_zero)(&p->x) && F_(is_zero)(&p->y); }

static inline void G_(xyzz_set_inf)(G_(xyzz) *p)
{
    memset(p, 0, sizeof *p);
    p->x = F_ONE;
    p->y = F_ONE;
}

/* dbl-2008-s-1 with a = 0. */
static void G_(xyzz_double)(G_(xyzz) *r, const G_(xyzz) *p)
{
    if (F_(is_zero)(&p->zz)) { *r = *p; return; }
    F u, v, w, s, m, t;
    F_(dbl)(&u, &p->y);
    F_(sqr)(&v, &u);
    F_(mul)(&w, &u, &v);
    F_(mul)(&s, &p->x, &v);
    F_(sqr)(&m, &p->x);
    F_(dbl)(&t, &m);
    F_(add)(&m, &m, &t);
    F x3, y3;
    F_(sqr)(&x3, &m);
    F_(dbl)(&t, &s);
    F_(sub)(&x3, &x3, &t);
    F_(sub)(&t, &s, &x3);
    F_(mul)(&y3, &m, &t);
    F_(mul)(&t, &w, &p->y);
    F_(sub)(&y3, &y3, &t);
    F_(mul)(&r->zz, &v, &p->zz);
    F_(mul)(&r->zzz, &w, &p->zzz);
    r->x = x3;
    r->y = y3;
}

/* The X3, Y3 shared by add-2008-s and madd-2008-s: X3 = R^2 - PPP - 2Q, Y3 = R (Q - X3) - S1 PPP. */
static inline void G_(xyzz_xy)(F *x3, F *y3, const F *rr, const F *ppp, const F *qq, const F *s1)
{
    F t;
    F_(sqr)(x3, rr);
    F_(sub)(x3, x3, ppp);
    F_(dbl)(&t, qq);
    F_(sub)(x3, x3, &t);
    F_(sub)(&t, qq, x3);
    F_(mul)(y3, rr, &t);
    F_(mul)(&t, s1, ppp);
    F_(sub)(y3, y3, &t);
}

/* madd-2008-s: r = p + q, q affine (not infinity checked here: callers pass finite q). */
static void G_(xyzz_add_affine)(G_(xyzz) *r, const G_(xyzz) *p, const G_(affine) *q)
{
    if (F_(is_zero)(&p->zz)) {
        r->x = q->x;
        r->y = q->y;
        r->zz = F_ONE;
        r->zzz = F_ONE;
        return;
    }
    F u2, s2, pp, rr, ppp, qq;
    F_(mul)(&u2, &q->x, &p->zz);
    F_(mul)(&s2, &q->y, &p->zzz);
    F_(sub)(&pp, &u2, &p->x);
    F_(sub)(&rr, &s2, &p->y);
    if (F_(is_zero)(&pp)) {
        if (F_(is_zero)(&rr)) {
            /* p == q: double q (as an XYZZ point with ZZ = ZZZ = 1; rare, so no special mdbl). */
            G_(xyzz) qq1 = {q->x, q->y, F_ONE, F_ONE};
            G_(xyzz_double)(r, &qq1);
        } else {
            G_(xyzz_set_inf)(r);
        }
        return;
    }
    F pd = pp;
    F_(sqr)(&pp, &pd);
    F_(mul)(&ppp, &pd, &pp);
    F_(mul)(&qq, &p->x, &pp);
    F x3, y3;
    G_(xyzz_xy)(&x3, &y3, &rr, &ppp, &qq, &p->y);
    F_(mul)(&r->zz, &p->zz, &pp);
    F_(mul)(&r->zzz, &p->zzz, &ppp);
    r->x = x3;
    r->y = y3;
}

/* add-2008-s: r = p + q, both XYZZ. */
static void G_(xyzz_add)(G_(xyzz) *r, const G_(xyzz) *p, const G_(xyzz) *q)
{
    if (F_(is_zero)(&p->zz)) { *r = *q; return; }
    if (F_(is_zero)(&q->zz)) { *r = *p; return; }
    F u1, u2, s1, s2, pd, rr, pp, ppp, qq;
    F_(mul)(&u1, &p->x, &q->zz);
    F_(mul)(&u2, &q->x, &p->zz);
    F_(mul)(&s1, &p->y, &q->zzz);
    F_(mul)(&s2, &q->y, &p->zzz);
    F_(sub)(&pd, &u2, &u1);
    F_(sub)(&rr, &s2, &s1);
    if (F_(is_zero)(&pd)) {
        if (F_(is_zero)(&rr)) G_(xyzz_double)(r, p);
        else G_(xyzz_set_inf)(r);
        return;
    }
    F_(sqr)(&pp, &pd);
    F_(mul)(&ppp, &pd, &pp);
    F_(mul)(&qq, &u1, &pp);
    F x3, y3, zz3, zzz3;
    G_(xyzz_xy)(&x3, &y3, &rr, &ppp, &qq, &s1);
    F_(mul)(&zz3, &p->zz, &q->zz);
    F_(mul)(&zz3, &zz3, &pp);
    F_(mul)(&zzz3, &p->zzz, &q->zzz);
    F_(mul)(&zzz3, &zzz3, &ppp);
    r->x = x3;
    r->y = y3;
    r->zz = zz3;
    r->zzz = zzz3;
}

/* Jacobian with Z = ZZ*ZZZ: X = x Z^2 = X ZZ ZZZ^2, Y = y Z^3 = Y ZZ^3 ZZZ^2. Infinity: (1, 1, 0). */
static void G_(xyzz_to_jacobian)(G_(jacobian) *r, const G_(xyzz) *p)
{
    if (F_(is_zero)(&p->zz)) {
        r->x = F_ONE;
        r->y = F_ONE;
        memset(&r->z, 0, sizeof r->z);
        return;
    }
    F zzz2, zz2, t;
    F_(sqr)(&zzz2, &p->zzz);
    F_(sqr)(&zz2, &p->zz);
    F_(mul)(&r->z, &p->zz, &p->zzz);
    F_(mul)(&t, &p->x, &p->zz);
    F_(mul)(&r->x, &t, &zzz2);
    F_(mul)(&t, &zz2, &p->zz);
    F_(mul)(&t, &t, &zzz2);
    F_(mul)(&r->y, &p->y, &t);
}

typedef struct {
    G_(affine) *buckets;
    unsigned char *in_batch;
    int32_t *batch_bucket;
    G_(affine) *batch_point;
    unsigned char *batch_kind;
    F *dens;
    F *prefix;
    int32_t *queue_bucket;
    G_(affine) *queue_point;
    int capacity, batch_count, queue_count;
} G_(accumulator);

static void G_(flush)(G_(accumulator) *a)
{
    int count = a->batch_count;
    if (count == 0) return;
    F acc = F_ONE;
    for (int j = 0; j < count; j++) {
        G_(affine) *b = &a->buckets[a->batch_bucket[j]];
        G_(affine) *p = &a->batch_point[j];
        F den;
        unsigned char kind;
        if (F_(eq)(&b->x, &p->x)) {
            if (F_(eq)(&b->y, &p->y) && !F_(is_zero)(&b->y)) {
                kind = G_(KIND_DOUBLE);
                F_(dbl)(&den, &b->y);
            } else {
                kind = G_(KIND_CANCEL);
                den = F_ONE;
            }
        } else {
            kind = G_(KIND_ADD);
            F_(sub)(&den, &p->x, &b->x);
        }
        a->batch_kind[j] = kind;
        a->dens[j] = den;
        a->prefix[j] = acc;
        F_(mul)(&acc, &acc, &den);
    }
    F inv;
    F_(inv)(&inv, &acc);
    for (int j = count - 1; j >= 0; j--) {
        F den_inv, lambda, t, x3, y3;
        F_(mul)(&den_inv, &inv, &a->prefix[j]);
        F_(mul)(&inv, &inv, &a->dens[j]);
        int bucket = a->batch_bucket[j];
        G_(affine) *b = &a->buckets[bucket];
        const G_(affine) *p = &a->batch_point[j];
        a->in_batch[bucket] = 0;
        unsigned char kind = a->batch_kind[j];
        if (kind == G_(KIND_CANCEL)) {
            memset(b, 0, sizeof *b);
            continue;
        }
        if (kind == G_(KIND_ADD)) {
            F_(sub)(&t, &p->y, &b->y);
            F_(mul)(&lambda, &t, &den_inv);
        } else {
            F xx;
            F_(sqr)(&xx, &b->x);
            F_(dbl)(&t, &xx);
            F_(add)(&t, &t, &xx);
            F_(mul)(&lambda, &t, &den_inv);
        }
        F_(sqr)(&x3, &lambda);
        F_(sub)(&x3, &x3, &b->x);
        F_(sub)(&x3, &x3, &p->x);
        F_(sub)(&t, &b->x, &x3);
        F_(mul)(&y3, &lambda, &t);
        F_(sub)(&y3, &y3, &b->y);
        b->x = x3;
        b->y = y3;
    }
    a->batch_count = 0;
}

static inline void G_(place)(G_(accumulator) *a, int bucket, const G_(affine) *p)
{
    G_(affine) *slot = &a->buckets[bucket];
    if (G_(affine_is_inf)(slot)) {
        *slot = *p;
        return;
    }
    a->batch_bucket[a->batch_count] = bucket;
    a->batch_point[a->batch_count] = *p;
    a->in_batch[bucket] = 1;
    a->batch_count++;
}

static void G_(drain_queue)(G_(accumulator) *a)
{
    int kept = 0;
    for (int i = 0; i < a->queue_count; i++) {
        int bucket = a->queue_bucket[i];
        if (a->in_batch[bucket]) {
            a->queue_bucket[kept] = bucket;
            a->queue_point[kept] = a->queue_point[i];
            kept++;
            continue;
        }
        G_(place)(a, bucket, &a->queue_point[i]);
        if (a->batch_count == a->capacity) G_(flush)(a);
    }
    a->queue_count = kept;
}

static inline void G_(accumulate)(G_(accumulator) *a, int bucket, const G_(affine) *p)
{
    if (a->in_batch[bucket]) {
        a->queue_bucket[a->queue_count] = bucket;
        a->queue_point[a->queue_count] = *p;
        if (++a->queue_count == a->capacity) {
            G_(flush)(a);
            G_(drain_queue)(a);
        }
        return;
    }
    G_(place)(a, bucket, p);
    if (a->batch_count == a->capacity) {
        G_(flush)(a);
        G_(drain_queue)(a);
    }
}

/* Σ digit_i · bases_i over i in [start, end) for one window: digits are 0 (none) or
 * magnitude | 0x8000 when negative, magnitudes in 1..2^(c-1). Writes a Jacobian point.
 * Returns 0, or -1 when memory ran out or c is out of range. */
int G_(window)(const G_(affine) *bases, const uint16_t *digits, int64_t start, int64_t end, int c, G_(jacobian) *out)
{
    if (c < 1 || c > 16) return -1;
    int bucket_count = 1 << (c - 1);
    int capacity = bucket_count / 4;
    if (capacity < 16) capacity = 16;
    if (capacity > 1024) capacity = 1024;
    G_(accumulator) a;
    memset(&a, 0, sizeof a);
    a.capacity = capacity;
    a.buckets = calloc((size_t)bucket_count, sizeof(G_(affine)));
    a.in_batch = calloc((size_t)bucket_count, 1);
    a.batch_bucket = malloc((size_t)capacity * sizeof(int32_t));
    a.batch_point = malloc((size_t)capacity * sizeof(G_(affine)));
    a.batch_kind = malloc((size_t)capacity);
    a.dens = malloc((size_t)capacity * sizeof(F));
    a.prefix = malloc((size_t)capacity * sizeof(F));
    a.queue_bucket = malloc((size_t)capacity * sizeof(int32_t));
    a.queue_point = malloc((size_t)capacity * sizeof(G_(affine)));
    int rc = -1;
    if (a.buckets && a.in_batch && a.batch_bucket && a.batch_point && a.batch_kind && a.dens && a.prefix && a.queue_bucket && a.queue_point) {
        for (int64_t i = start; i < end; i++) {
            uint16_t code = digits[i];
            if (code == 0) continue;
            const G_(affine) *base = &bases[i];
            if (G_(affine_is_inf)(base)) continue;
            int bucket = (code & 0x7fff) - 1;
            if (bucket >= bucket_count) continue;
            if (i + 8 < end) __builtin_prefetch(&bases[i + 8]);
            if (code & 0x8000) {
                G_(affine) neg;
                neg.x = base->x;
                F_(neg)(&neg.y, &base->y);
                G_(accumulate)(&a, bucket, &neg);
            } else {
                G_(accumulate)(&a, bucket, base);
            }
        }
        while (a.batch_count > 0 || a.queue_count > 0) {
            G_(flush)(&a);
            G_(drain_queue)(&a);
        }
        G_(xyzz) running, total;
        G_(xyzz_set_inf)(&running);
        G_(xyzz_set_inf)(&total);
        for (int k = bucket_count - 1; k >= 0; k--) {
            if (!G_(affine_is_inf)(&a.buckets[k])) G_(xyzz_add_affine)(&running, &running, &a.buckets[k]);
            G_(xyzz_add)(&total, &total, &running);
        }
        G_(xyzz_to_jacobian)(out, &total);
        rc = 0;
    }
    free(a.buckets);
    free(a.in_batch);
    free(a.batch_bucket);
    free(a.batch_point);
    free(a.batch_kind);
    free(a.dens);
    free(a.prefix);
    free(a.queue_bucket);
    free(a.queue_point);
    return rc;
}
