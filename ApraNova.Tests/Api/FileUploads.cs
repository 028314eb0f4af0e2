using System.Net;
using System.Net.Http.Headers;
using ApraNova.Api.Features.Files;

namespace ApraNova.Tests.Api;

/// <summary>Uploads through <c>POST /api/files</c> as a browser sends them (multipart field "file").</summary>
internal static class FileUploads
{
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string fileName, string contentType, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return client.PostAsync("/api/files", form);
    }

    public static async Task<Guid> UploadPdfAsync(this HttpClient client, string fileName = "report.pdf")
    {
        var response = await client.UploadAsync(fileName, "application/pdf", Pdf);
        var view = await ApiAssert.Read<FileView>(HttpStatusCode.Created, response);
        return view.Id;
    }
}
