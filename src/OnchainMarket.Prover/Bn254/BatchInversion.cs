namespace OnchainMarket.Prover.Bn254;

/// <summary>Montgomery's trick: n inversions for one inversion and 3(n−1) multiplications.</summary>
internal static class BatchInversion
{
    public static void Invert<T>(Span<T> values)
        where T : struct, IField<T>
    {
        if (values.Length == 0)
        {
            return;
        }

        T[] rented = System.Buffers.ArrayPool<T>.Shared.Rent(values.Length);
        Span<T> prefix = rented.AsSpan(0, values.Length);
        try
        {
            T acc = T.FieldOne;
            for (int i = 0; i < values.Length; i++)
            {
                prefix[i] = acc;
                if (!values[i].IsZero)
                {
                    acc = T.Mul(acc, values[i]);
                }
            }

            T inv = T.Inv(acc);
            for (int i = values.Length - 1; i >= 0; i--)
            {
                if (values[i].IsZero)
                {
                    continue;
                }

                T next = T.Mul(inv, values[i]);
                values[i] = T.Mul(inv, prefix[i]);
                inv = next;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<T>.Shared.Return(rented);
        }
    }
}
