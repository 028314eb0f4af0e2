using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApraNova.Api.Infrastructure;

/// <summary>
/// Data Protection keys (they sign password-reset tokens) live in Redis, so a reset link
/// issued by one api task is accepted by any other, and survives a redeploy.
/// </summary>
public static class DataProtectionSetup
{
    private const string KeysKey = "apranova:data-protection-keys";

    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        // The application name isolates keys by purpose, not by content root, which differs per task.
        services.AddDataProtection().SetApplicationName("apranova-api");
        // The multiplexer comes from DI (Aspire's AddRedisClient), so the repository is set
        // when options are first built rather than at registration time.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options =>
            {
                var redis = provider.GetRequiredService<IConnectionMultiplexer>();
                options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeysKey);
            }));
        return services;
    }
}
