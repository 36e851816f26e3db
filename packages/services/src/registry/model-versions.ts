import type { ListModelsResponse, ModelDetail, ModelLineage, ModelVersion } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { toIso } from "../ids.js";

interface VersionRow {
  id: string;
  name: string;
  version: number;
  sha256: string;
  size_bytes: number;
  file_count: number;
  run_id: string;
  checkpoint: string;
  step: number | null;
  description: string | null;
  lineage: ModelLineage;
  created_at: string;
  aliases: string[] | null;
}

const SELECT = sql`SELECT v.*, (SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.version_id = v.id) AS aliases
  FROM model_versions v`;

function toVersion(r: VersionRow): ModelVersion {
  return {
    name: r.name,
    version: Number(r.version),
    sha256: r.sha256,
    size_bytes: Number(r.size_bytes),
    file_count: Number(r.file_count),
    run_id: r.run_id,
    checkpoint: r.checkpoint,
    step: r.step === null ? null : Number(r.step),
    description: r.description,
    aliases: r.aliases ?? [],
    lineage: r.lineage,
    created_at: toIso(r.created_at),
    ref: `model:${r.name}@${r.version}`,
  };
}

/** A version by number or by alias ("3", "production"). */
export async function getModelVersion(
  deps: ServiceDeps,
  name: string,
  at: string | number,
): Promise<ModelVersion> {
  const rows = await queryRows<VersionRow>(
    deps.db,
    typeof at === "number" || /^\d+$/.test(at)
      ? sql`${SELECT} WHERE v.name = ${name} AND v.version = ${Number(at)}`
      : sql`${SELECT} JOIN model_aliases x ON x.version_id = v.id WHERE x.name = ${name} AND x.alias = ${at}`,
  );
  if (!rows[0]) throw new AppError("not_found", `No version ${at} of model ${name}`);
  return toVersion(rows[0]);
}

export async function getModel(deps: ServiceDeps, name: string): Promise<ModelDetail> {
  const rows = await queryRows<VersionRow>(
    deps.db,
    sql`${SELECT} WHERE v.name = ${name} ORDER BY v.version DESC`,
  );
  if (!rows.length) throw new AppError("not_found", `No model named ${name}`);
  const versions = rows.map(toVersion);
  const aliases = Object.fromEntries(
    versions
      .flatMap((v) => v.aliases.map((a) => [a, v.version] as const))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { name, aliases, versions };
}

export async function listModels(deps: ServiceDeps): Promise<ListModelsResponse> {
  const rows = await queryRows<
    VersionRow & { version_count: number; all_aliases: Record<string, number> | null }
  >(
    deps.db,
    sql`SELECT l.*, c.version_count, c.all_aliases FROM (
          SELECT DISTINCT ON (v.name) v.*, (SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.version_id = v.id) AS aliases
          FROM model_versions v ORDER BY v.name, v.version DESC) l
        JOIN LATERAL (SELECT count(*) AS version_count,
          (SELECT jsonb_object_agg(a.alias, w.version) FROM model_aliases a JOIN model_versions w ON w.id = a.version_id WHERE a.name = l.name) AS all_aliases
          FROM model_versions x WHERE x.name = l.name) c ON true
        ORDER BY l.created_at DESC`,
  );
  return {
    data: rows.map((r) => ({
      name: r.name,
      version_count: Number(r.version_count),
      latest: toVersion(r),
      aliases: r.all_aliases ?? {},
    })),
  };
}

/** Points each alias at this version of the model, wherever it pointed before. */
export async function moveAliases(
  deps: ServiceDeps,
  name: string,
  version: number,
  aliases: readonly string[],
) {
  if (!aliases.length) return;
  await timedWrite(deps, "move_model_alias", () =>
    deps.db.execute(sql`INSERT INTO model_aliases (name, alias, version_id)
      SELECT ${name}, a.alias, v.id FROM model_versions v, json_array_elements_text(${JSON.stringify(aliases)}::json) AS a(alias)
      WHERE v.name = ${name} AND v.version = ${version}
      ON CONFLICT (name, alias) DO UPDATE SET version_id = EXCLUDED.version_id, updated_at = now()`),
  );
}

export async function setAlias(
  deps: ServiceDeps,
  name: string,
  alias: string,
  version: number,
): Promise<ModelDetail> {
  await getModelVersion(deps, name, version);
  await moveAliases(deps, name, version, [alias]);
  return getModel(deps, name);
}

export async function deleteAlias(deps: ServiceDeps, name: string, alias: string): Promise<void> {
  const rows = await queryRows(
    deps.db,
    sql`DELETE FROM model_aliases WHERE name = ${name} AND alias = ${alias} RETURNING alias`,
  );
  if (!rows.length) throw new AppError("not_found", `Model ${name} has no alias ${alias}`);
}
