using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using OnchainMarket.Ethereum.Tests.Support;
using Xunit;

namespace OnchainMarket.Ethereum.Tests.Compatibility;

/// <summary>Keys, signatures and transactions against foundry's cast.</summary>
public sealed class CastSigningTests
{
    private static string NextKeyHex(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        bytes[0] &= 0x7f; // stays below the curve order
        bytes[31] |= 1;
        return HexConvert.ToHex(bytes);
    }

    [Fact]
    public async Task Addresses_match_cast_wallet_address_for_30_random_keys()
    {
        var random = new Random(7007);
        var keys = Enumerable.Range(0, 30).Select(_ => NextKeyHex(random)).ToArray();
        var outputs = await CastTool.RunAllAsync(keys.Select(k => new[] { "wallet", "address", "--private-key", k }));
        for (var i = 0; i < keys.Length; i++)
        {
            var address = EthereumKey.FromHex(keys[i]).Address;
            Assert.Equal(outputs[i], address.ToString());
            Assert.Equal(address, Address.Parse(outputs[i]));
        }
    }

    [Fact]
    public async Task Personal_sign_matches_cast_wallet_sign_and_recovers_the_signer_for_40_messages()
    {
        var random = new Random(8008);
        var cases = Enumerable.Range(0, 40).Select(_ =>
        {
            var message = new byte[random.Next(1, 120)];
            random.NextBytes(message);
            return (Key: NextKeyHex(random), Message: message);
        }).ToArray();
        var outputs = await CastTool.RunAllAsync(cases.Select(c => new[] { "wallet", "sign", "--private-key", c.Key, HexConvert.ToHex(c.Message) }));
        for (var i = 0; i < cases.Length; i++)
        {
            var key = EthereumKey.FromHex(cases[i].Key);
            var signature = key.SignPersonalMessage(cases[i].Message);
            Assert.Equal(outputs[i], signature.ToString());
            Assert.Equal(key.Address, PersonalMessage.Recover(cases[i].Message, Signature.FromBytes(HexConvert.FromHex(outputs[i]))));
        }
    }

    private static JsonObject NextTypedData(Random random, int index)
    {
        var wallet = new byte[20];
        random.NextBytes(wallet);
        JsonObject Person(string name)
        {
            var w = new byte[20];
            random.NextBytes(w);
            return new JsonObject { ["name"] = name, ["wallet"] = HexConvert.ToHex(w), ["score"] = (random.Next(-1000, 1000)).ToString(CultureInfo.InvariantCulture) };
        }
        var payload = new byte[random.Next(0, 50)];
        random.NextBytes(payload);
        var salt = new byte[32];
        random.NextBytes(salt);
        var tags = new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(i => (JsonNode)JsonValue.Create("tag" + i)!).ToArray());
        var cc = new JsonArray(Enumerable.Range(0, random.Next(0, 3)).Select(i => (JsonNode)Person("cc" + i)).ToArray());
        var domain = new JsonObject
        {
            ["name"] = "Market " + index,
            ["version"] = "1",
            ["chainId"] = random.Next(1, 100000),
            ["verifyingContract"] = HexConvert.ToHex(wallet),
        };
        var domainType = new JsonArray(
            new JsonObject { ["name"] = "name", ["type"] = "string" },
            new JsonObject { ["name"] = "version", ["type"] = "string" },
            new JsonObject { ["name"] = "chainId", ["type"] = "uint256" },
            new JsonObject { ["name"] = "verifyingContract", ["type"] = "address" });
        if (random.Next(2) == 0)
        {
            domain["salt"] = HexConvert.ToHex(salt);
            domainType.Add(new JsonObject { ["name"] = "salt", ["type"] = "bytes32" });
        }
        static JsonObject Field(string name, string type) => new() { ["name"] = name, ["type"] = type };
        return new JsonObject
        {
            ["types"] = new JsonObject
            {
                ["EIP712Domain"] = domainType,
                ["Person"] = new JsonArray(Field("name", "string"), Field("wallet", "address"), Field("score", "int64")),
                ["Mail"] = new JsonArray(Field("from", "Person"), Field("to", "Person"), Field("cc", "Person[]"), Field("contents", "string"),
                    Field("payload", "bytes"), Field("amount", "uint256"), Field("urgent", "bool"), Field("tags", "string[]"), Field("digest", "bytes32")),
            },
            ["primaryType"] = "Mail",
            ["domain"] = domain,
            ["message"] = new JsonObject
            {
                ["from"] = Person("Alice" + index),
                ["to"] = Person("Bob"),
                ["cc"] = cc,
                ["contents"] = "hello " + random.Next(),
                ["payload"] = HexConvert.ToHex(payload),
                ["amount"] = (new BigInteger(random.NextInt64()) * random.Next()).ToString(CultureInfo.InvariantCulture),
                ["urgent"] = random.Next(2) == 0,
                ["tags"] = tags,
                ["digest"] = HexConvert.ToHex(salt),
            },
        };
    }

    [Fact]
    public async Task Eip712_signatures_match_cast_wallet_sign_data_for_20_random_documents()
    {
        var random = new Random(9009);
        var directory = Directory.CreateTempSubdirectory("omkt-eip712-");
        try
        {
            var cases = Enumerable.Range(0, 20).Select(i =>
            {
                var path = Path.Combine(directory.FullName, $"typed{i}.json");
                var json = NextTypedData(random, i).ToJsonString();
                File.WriteAllText(path, json);
                return (Key: NextKeyHex(random), Path: path, Json: json);
            }).ToArray();
            var outputs = await CastTool.RunAllAsync(cases.Select(c => new[] { "wallet", "sign", "--private-key", c.Key, "--data", "--from-file", c.Path }));
            for (var i = 0; i < cases.Length; i++)
            {
                var typed = Eip712TypedData.Parse(cases[i].Json);
                var key = EthereumKey.FromHex(cases[i].Key);
                Assert.Equal(outputs[i], key.SignTypedData(typed).ToString());
                Assert.Equal(key.Address, Secp256k1.RecoverAddress(typed.Hash(), Signature.FromBytes(HexConvert.FromHex(outputs[i]))));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
