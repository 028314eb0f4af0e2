using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ApraNova.Tests.Rehearsal;

/// <summary>
/// A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, as PEM
/// files, for the TLS stand-ins of RDS and ElastiCache. <see cref="TrustBundle"/> is the
/// machine's CA bundle plus this CA: what SSL_CERT_FILE points the services at, as an image
/// trusts the public CAs that sign Amazon's endpoints.
/// </summary>
public sealed class TlsMaterial
{
    private TlsMaterial(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }
    public string CaCertificate => Path.Combine(Directory, "ca.crt");
    public string ServerCertificate => Path.Combine(Directory, "server.crt");
    public string ServerKey => Path.Combine(Directory, "server.key");
    public string TrustBundle => Path.Combine(Directory, "trust-bundle.crt");

    public static TlsMaterial Create(string directory, params string[] extraAddresses)
    {
        System.IO.Directory.CreateDirectory(directory);
        var material = new TlsMaterial(directory);
        var now = DateTimeOffset.UtcNow;

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=ApraNova rehearsal CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        foreach (var address in extraAddresses)
        {
            names.AddIpAddress(System.Net.IPAddress.Parse(address));
        }
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(material.CaCertificate, ca.ExportCertificatePem());
        File.WriteAllText(material.ServerCertificate, server.ExportCertificatePem());
        File.WriteAllText(material.ServerKey, serverKey.ExportPkcs8PrivateKeyPem());
        var system = "/etc/ssl/certs/ca-certificates.crt";
        File.WriteAllText(material.TrustBundle, (File.Exists(system) ? File.ReadAllText(system) + "\n" : "") + ca.ExportCertificatePem() + "\n");
        return material;
    }
}
