import { stat } from "node:fs/promises";
import { AppError } from "../app-error.js";
import { MAX_LISTED_ENTRIES, walkArtifacts } from "../artifacts/list-artifacts.js";
import { type TarMember, tarMembers, tarSize } from "../artifacts/tar-stream.js";
import type { ServiceDeps } from "../deps.js";
import { contentDir } from "./model-files.js";
import { getModelVersion } from "./model-versions.js";

/** A version's files as tar members under `<name>-v<version>/`, with the archive's exact size. */
export async function modelArchive(
  deps: ServiceDeps,
  dataDir: string,
  name: string,
  at: string,
): Promise<{ fileName: string; members: TarMember[]; size: number }> {
  const v = await getModelVersion(deps, name, at);
  const dir = contentDir(dataDir, v.sha256);
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory())
    throw new AppError(
      "conflict",
      `The files of ${name}@${v.version} are missing from the model store (${dir})`,
    );
  const base = `${name}-v${v.version}`;
  const { entries, truncated } = await walkArtifacts(dir, dir, base, MAX_LISTED_ENTRIES);
  if (truncated)
    throw new AppError(
      "payload_too_large",
      `${name}@${v.version} holds more than ${MAX_LISTED_ENTRIES} files`,
    );
  const members = tarMembers({ path: base, realPath: dir, mtimeMs: s.mtimeMs }, entries);
  return { fileName: `${base}.tar`, members, size: tarSize(members) };
}
