using System.Globalization;
using System.Numerics;
using System.Text;

namespace OnchainMarket.Agent.Units;

/// <summary>
/// Amounts of ETH (or an 18-decimal token) written the way people write them: <c>0.01ether</c>,
/// <c>2gwei</c>, <c>1500wei</c>, <c>1.5 eth</c>. Parsed with integer arithmetic only, so
/// <c>0.1ether</c> is exactly 10^17 wei and never a rounded binary fraction.
/// </summary>
public static class TokenAmount
{
    private static readonly (string Suffix, int Decimals)[] UnitTable =
    [
        ("ether", 18), ("eth", 18), ("gwei", 9), ("mwei", 6), ("kwei", 3), ("wei", 0),
    ];

    /// <summary>
    /// Parses an amount with a unit suffix (ether, eth, gwei, mwei, kwei, wei). A bare integer is
    /// taken as wei. Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static BigInteger Parse(string text)
    {
        if (!TryParse(text, out var value, out var error))
        {
            throw new FormatException(error);
        }
        return value;
    }

    /// <summary>Parses like <see cref="Parse"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string? text, out BigInteger value, out string error)
    {
        value = BigInteger.Zero;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an amount is required (for example 0.01ether or 2gwei)";
            return false;
        }

        var trimmed = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        var decimals = 0;
        var number = trimmed;
        foreach (var (suffix, unitDecimals) in UnitTable)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                decimals = unitDecimals;
                number = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (number.Length == 0)
        {
            error = $"'{text}' has a unit but no number";
            return false;
        }
        if (number[0] is '-' or '+')
        {
            error = $"'{text}' is not a valid amount: amounts cannot carry a sign";
            return false;
        }

        var dot = number.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? number : number[..dot];
        var fraction = dot < 0 ? string.Empty : number[(dot + 1)..];
        if ((whole.Length == 0 && fraction.Length == 0) || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            error = $"'{text}' is not a valid amount (expected a number with a unit: 0.01ether, 2gwei, 1500wei)";
            return false;
        }

        fraction = fraction.TrimEnd('0');
        if (fraction.Length > decimals)
        {
            error = $"'{text}' has more decimal places than its unit allows ({decimals}); amounts are whole wei";
            return false;
        }

        var digits = (whole.Length == 0 ? "0" : whole) + fraction.PadRight(decimals, '0');
        value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Formats wei as ether with up to 18 decimals and no trailing zeros: <c>0.0125 ETH</c>.</summary>
    public static string FormatEther(BigInteger wei, string unit = "ETH")
    {
        var sign = wei.Sign < 0 ? "-" : string.Empty;
        var magnitude = BigInteger.Abs(wei);
        var scale = BigInteger.Pow(10, 18);
        var whole = BigInteger.DivRem(magnitude, scale, out var remainder);
        var builder = new StringBuilder(sign).Append(whole.ToString(CultureInfo.InvariantCulture));
        if (!remainder.IsZero)
        {
            builder.Append('.').Append(remainder.ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0'));
        }
        return builder.Append(' ').Append(unit).ToString();
    }

    /// <summary>Formats wei as gwei with up to 9 decimals (for gas prices).</summary>
    public static string FormatGwei(BigInteger wei)
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(wei), 1_000_000_000, out var remainder);
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (!remainder.IsZero)
        {
            text += "." + remainder.ToString(CultureInfo.InvariantCulture).PadLeft(9, '0').TrimEnd('0');
        }
        return (wei.Sign < 0 ? "-" : string.Empty) + text + " gwei";
    }
}
