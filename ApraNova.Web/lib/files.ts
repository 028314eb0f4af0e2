import { api } from "./api";
import { apiRoutes } from "./apiRoutes";
import { ApiError, readProblem } from "./problem";
import type { FileView, SubmittedFileView } from "./types";
import { uploadWithProgress } from "./upload";

/** Uploads a file for a deliverable; the returned id goes into the submission. */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal) {
  const form = new FormData();
  form.append("file", file, file.name);
  return uploadWithProgress<FileView>(api, apiRoutes.files, form, onProgress, signal);
}

/**
 * Downloads a stored file. A plain link cannot carry the bearer token (it lives in memory, by
 * design), so the bytes are fetched with it and handed to the browser as a blob.
 */
export async function downloadFile(file: Pick<SubmittedFileView, "id" | "name">): Promise<void> {
  const response = await api.withRefresh((token) =>
    fetch(apiRoutes.file(file.id), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: "same-origin",
    }),
  );
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = file.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Fetches an api resource with the bearer token and returns an object URL for it (revoke it when done). */
export async function fetchObjectUrl(path: string, signal?: AbortSignal): Promise<string> {
  const response = await api.withRefresh((token) =>
    fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: "same-origin", signal }),
  );
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return URL.createObjectURL(await response.blob());
}
