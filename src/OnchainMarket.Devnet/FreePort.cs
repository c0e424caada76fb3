using System.Net;
using System.Net.Sockets;

namespace OnchainMarket.Devnet;

/// <summary>Finds a free TCP port on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// Asks the kernel for an unused port and releases it. Another process could take it before
    /// the caller binds it; callers that start servers retry on a bind failure for that reason.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
