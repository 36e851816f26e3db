import type {
  ListModelsResponse,
  ModelDetail,
  ModelVersion,
  PromoteBestBodyInput,
  PromoteBestResponse,
  PromoteModelBodyInput,
  PromoteModelResponse,
} from "@tunix-rt/contracts";

type Request = <T>(method: string, path: string, init?: { json?: unknown }) => Promise<T>;
const enc = encodeURIComponent;

/** The model registry: named, content-addressed versions of training checkpoints. */
export function modelsClient(request: Request, base: string) {
  return {
    list: () => request<ListModelsResponse>("GET", "/api/models"),
    get: (name: string) => request<ModelDetail>("GET", `/api/models/${enc(name)}`),
    version: (name: string, at: string | number) =>
      request<ModelVersion>("GET", `/api/models/${enc(name)}/versions/${enc(String(at))}`),
    /** 201 with `created: true` for new content; the existing version (created: false) otherwise. */
    promote: (name: string, body: PromoteModelBodyInput) =>
      request<PromoteModelResponse>("POST", `/api/models/${enc(name)}/versions`, { json: body }),
    promoteBest: (name: string, body: PromoteBestBodyInput) =>
      request<PromoteBestResponse>("POST", `/api/models/${enc(name)}/promote-best`, { json: body }),
    setAlias: (name: string, alias: string, version: number) =>
      request<ModelDetail>("PUT", `/api/models/${enc(name)}/aliases/${enc(alias)}`, { json: { version } }),
    deleteAlias: (name: string, alias: string) =>
      request<void>("DELETE", `/api/models/${enc(name)}/aliases/${enc(alias)}`),
    /** URL of a version's files as a tar stream. */
    downloadUrl: (name: string, at: string | number) =>
      `${base}/api/models/${enc(name)}/versions/${enc(String(at))}/download`,
  };
}
