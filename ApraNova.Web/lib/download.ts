import { api } from "./api";
import { ApiError, readProblem } from "./problem";

/**
 * Downloads what an api path serves (a ticket attachment, a receipt PDF) under `fileName`. A plain
 * link cannot carry the bearer token (it lives in memory, by design), so the bytes are fetched
 * with it and handed to the browser as a blob.
 */
export async function downloadFrom(path: string, fileName: string): Promise<void> {
  if (!path.startsWith("/api/")) throw new Error(`api paths start with /api/: ${path}`);
  const response = await api.withRefresh((token) =>
    fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: "same-origin" }),
  );
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
