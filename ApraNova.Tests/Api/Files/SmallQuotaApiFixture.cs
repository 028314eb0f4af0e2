namespace ApraNova.Tests.Api.Files;

/// <summary>An api with small upload quotas, so reaching them takes a few small files.</summary>
public sealed class SmallQuotaApiFixture : IAsyncLifetime
{
    public const int MaxBytesPerUser = 64 * 1024;
    public const int UploadsPerHour = 5;

    public ApiFactory Api { get; } = new();

    public SmallQuotaApiFixture()
    {
        Api.Settings["Files:MaxBytesPerUser"] = MaxBytesPerUser.ToString();
        Api.Settings["Files:MaxBytes"] = MaxBytesPerUser.ToString();
        Api.Settings["RateLimiting:Policies:upload-user:PermitLimit"] = UploadsPerHour.ToString();
        Api.Settings["RateLimiting:Policies:upload-user:Window"] = "01:00:00";
    }

    public Task InitializeAsync() => ((IAsyncLifetime)Api).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Api).DisposeAsync();
}
