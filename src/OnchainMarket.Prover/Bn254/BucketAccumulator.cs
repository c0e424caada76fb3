using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OnchainMarket.Prover.Bn254;

/// <summary>
/// The buckets of one Pippenger window, kept in affine coordinates. Additions are queued and executed
/// in batches that share one field inversion (Montgomery's trick), so an addition costs about 6
/// multiplications instead of 11 for a mixed Jacobian one. A bucket can take part in only one addition
/// per batch; a point for a bucket that is already in the batch waits in a small queue. P + P (a
/// doubling) and P + (−P) (the bucket becomes empty) are handled inside the batch.
/// </summary>
internal sealed class BucketAccumulator<TF> : IDisposable
    where TF : unmanaged, IField<TF>
{
    private const byte KindAdd = 0;
    private const byte KindDouble = 1;
    private const byte KindCancel = 2;

    private readonly int _bucketCount;
    private readonly int _batchCapacity;
    private readonly AffinePoint<TF>[] _buckets;
    private readonly bool[] _inBatch;
    private readonly int[] _batchBucket;
    private readonly AffinePoint<TF>[] _batchPoint;
    private readonly byte[] _batchKind;
    private readonly TF[] _denominators;
    private readonly TF[] _prefix;
    private readonly int[] _queueBucket;
    private readonly AffinePoint<TF>[] _queuePoint;
    private int _batchCount;
    private int _queueCount;

    public BucketAccumulator(int bucketCount)
    {
        _bucketCount = bucketCount;

        // Large enough to amortise the inversion, small enough that collisions stay rare.
        _batchCapacity = Math.Clamp(bucketCount / 8, 16, 512);
        _buckets = ArrayPool<AffinePoint<TF>>.Shared.Rent(bucketCount);
        _inBatch = ArrayPool<bool>.Shared.Rent(bucketCount);
        Array.Clear(_buckets, 0, bucketCount);
        Array.Clear(_inBatch, 0, bucketCount);
        _batchBucket = ArrayPool<int>.Shared.Rent(_batchCapacity);
        _batchPoint = ArrayPool<AffinePoint<TF>>.Shared.Rent(_batchCapacity);
        _batchKind = ArrayPool<byte>.Shared.Rent(_batchCapacity);
        _denominators = ArrayPool<TF>.Shared.Rent(_batchCapacity);
        _prefix = ArrayPool<TF>.Shared.Rent(_batchCapacity);
        _queueBucket = ArrayPool<int>.Shared.Rent(_batchCapacity);
        _queuePoint = ArrayPool<AffinePoint<TF>>.Shared.Rent(_batchCapacity);
    }

    /// <summary>Adds a (non-infinity) point to bucket <paramref name="bucket"/> (which holds multiples of bucket + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int bucket, in AffinePoint<TF> point)
    {
        if (_inBatch[bucket])
        {
            _queueBucket[_queueCount] = bucket;
            _queuePoint[_queueCount] = point;
            if (++_queueCount == _batchCapacity)
            {
                Flush();
                DrainQueue();
            }

            return;
        }

        Place(bucket, point);
        if (_batchCount == _batchCapacity)
        {
            Flush();
            DrainQueue();
        }
    }

    /// <summary>Finishes pending additions and returns Σ (k + 1)·bucket[k] by the running-sum method.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public JacobianPoint<TF> Reduce()
    {
        while (_batchCount > 0 || _queueCount > 0)
        {
            Flush();
            DrainQueue();
        }

        JacobianPoint<TF> running = CurveMath<TF>.Infinity;
        JacobianPoint<TF> total = CurveMath<TF>.Infinity;
        for (int k = _bucketCount - 1; k >= 0; k--)
        {
            running = CurveMath<TF>.AddMixed(running, _buckets[k]);
            total = CurveMath<TF>.Add(total, running);
        }

        return total;
    }

    public void Dispose()
    {
        ArrayPool<AffinePoint<TF>>.Shared.Return(_buckets);
        ArrayPool<bool>.Shared.Return(_inBatch);
        ArrayPool<int>.Shared.Return(_batchBucket);
        ArrayPool<AffinePoint<TF>>.Shared.Return(_batchPoint);
        ArrayPool<byte>.Shared.Return(_batchKind);
        ArrayPool<TF>.Shared.Return(_denominators);
        ArrayPool<TF>.Shared.Return(_prefix);
        ArrayPool<int>.Shared.Return(_queueBucket);
        ArrayPool<AffinePoint<TF>>.Shared.Return(_queuePoint);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Place(int bucket, in AffinePoint<TF> point)
    {
        ref AffinePoint<TF> slot = ref _buckets[bucket];
        if (slot.IsInfinity)
        {
            slot = point;
            return;
        }

        _batchBucket[_batchCount] = bucket;
        _batchPoint[_batchCount] = point;
        _inBatch[bucket] = true;
        _batchCount++;
    }

    /// <summary>Moves queued points into the (now empty) batch; those colliding again stay queued.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrainQueue()
    {
        int kept = 0;
        for (int i = 0; i < _queueCount; i++)
        {
            int bucket = _queueBucket[i];
            if (_inBatch[bucket])
            {
                _queueBucket[kept] = bucket;
                _queuePoint[kept] = _queuePoint[i];
                kept++;
                continue;
            }

            Place(bucket, _queuePoint[i]);
            if (_batchCount == _batchCapacity)
            {
                Flush();
            }
        }

        _queueCount = kept;
    }

    /// <summary>Executes all batched additions with one inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Flush()
    {
        int count = _batchCount;
        if (count == 0)
        {
            return;
        }

        ref AffinePoint<TF> buckets = ref MemoryMarshal.GetArrayDataReference(_buckets);
        ref AffinePoint<TF> points = ref MemoryMarshal.GetArrayDataReference(_batchPoint);
        ref int bucketIndex = ref MemoryMarshal.GetArrayDataReference(_batchBucket);
        ref byte kinds = ref MemoryMarshal.GetArrayDataReference(_batchKind);
        ref TF dens = ref MemoryMarshal.GetArrayDataReference(_denominators);
        ref TF prefix = ref MemoryMarshal.GetArrayDataReference(_prefix);

        TF acc = TF.FieldOne;
        for (int j = 0; j < count; j++)
        {
            ref AffinePoint<TF> b = ref Unsafe.Add(ref buckets, Unsafe.Add(ref bucketIndex, j));
            ref AffinePoint<TF> p = ref Unsafe.Add(ref points, j);
            TF den;
            byte kind;
            if (TF.Eq(b.X, p.X))
            {
                if (TF.Eq(b.Y, p.Y) && !b.Y.IsZero)
                {
                    kind = KindDouble;
                    den = TF.Dbl(b.Y);
                }
                else
                {
                    kind = KindCancel;
                    den = TF.FieldOne;
                }
            }
            else
            {
                kind = KindAdd;
                den = TF.Sub(p.X, b.X);
            }

            Unsafe.Add(ref kinds, j) = kind;
            Unsafe.Add(ref dens, j) = den;
            Unsafe.Add(ref prefix, j) = acc;
            acc = TF.Mul(acc, den);
        }

        TF inv = TF.Inv(acc);
        for (int j = count - 1; j >= 0; j--)
        {
            TF denInv = TF.Mul(inv, Unsafe.Add(ref prefix, j));
            inv = TF.Mul(inv, Unsafe.Add(ref dens, j));
            int bucket = Unsafe.Add(ref bucketIndex, j);
            ref AffinePoint<TF> b = ref Unsafe.Add(ref buckets, bucket);
            ref AffinePoint<TF> p = ref Unsafe.Add(ref points, j);
            _inBatch[bucket] = false;
            byte kind = Unsafe.Add(ref kinds, j);
            if (kind == KindCancel)
            {
                b = default;
                continue;
            }

            TF lambda;
            if (kind == KindAdd)
            {
                lambda = TF.Mul(TF.Sub(p.Y, b.Y), denInv);
            }
            else
            {
                TF xx = TF.Sqr(b.X);
                lambda = TF.Mul(TF.Add(TF.Dbl(xx), xx), denInv);
            }

            TF x3 = TF.Sub(TF.Sub(TF.Sqr(lambda), b.X), p.X);
            TF y3 = TF.Sub(TF.Mul(lambda, TF.Sub(b.X, x3)), b.Y);
            b = new AffinePoint<TF>(x3, y3);
        }

        _batchCount = 0;
    }
}
