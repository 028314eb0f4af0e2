using ApraNova.Hosting.Aws.Cdk.Network;
using ApraNova.Hosting.Aws.Model;

namespace ApraNova.Hosting.Aws.Cdk.Data;

public sealed record CacheProps(NetworkConstruct Network, CacheSpec Cache);
