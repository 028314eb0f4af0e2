import { ApiClient, buildUrl } from "./api";
import { ApiError, type ProblemDetails } from "./problem";

interface XhrResult {
  status: number;
  body: string;
  contentType: string;
}

/**
 * Uploads multipart form data and reports progress (0..1). fetch() cannot report upload
 * progress in browsers, XMLHttpRequest's `upload.onprogress` can. It goes through the client's
 * refresh-once logic like every other call.
 */
export async function uploadWithProgress<T>(
  client: ApiClient,
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  const url = buildUrl(path);
  const result = await client.withRefresh((token) => send(url, form, token, onProgress, signal));
  let parsed: unknown = undefined;
  if (result.contentType.includes("json") && result.body) {
    try {
      parsed = JSON.parse(result.body);
    } catch {
      parsed = undefined;
    }
  }
  if (result.status < 200 || result.status >= 300) {
    throw new ApiError(result.status, parsed && typeof parsed === "object" ? (parsed as ProblemDetails) : null);
  }
  onProgress(1);
  return parsed as T;
}

function send(
  url: string,
  form: FormData,
  token: string | null,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<XhrResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/json");
    if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () =>
      resolve({ status: xhr.status, body: xhr.responseText, contentType: xhr.getResponseHeader("content-type") ?? "" });
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    onProgress(0);
    xhr.send(form);
  });
}
