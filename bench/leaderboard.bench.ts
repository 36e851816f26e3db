// The leaderboard and model-vs-model at scale: MODELS trained models × SETS eval sets × ITEMS items
// (default 1,000 × 10 × 1,000: 10,000 evaluations, 10 million stored item results), on a Postgres
// server and on embedded PGlite (on disk). For each: a leaderboard page (the verb, with its eval
// set lookup and shaping) against the bare SQL of its one statement, and a model-vs-model
// comparison (both evaluations and their paired counts in one statement, then McNemar, the
// bootstrap and the shaping) against the bare SQL of that statement, interleaved in the same run. p50/p95 per case; the verb's speed as a share of bare.
//   npx tsx bench/leaderboard.bench.ts [--models=1000] [--sets=10] [--items=1000] [--rounds=60] [--targets=postgres,pglite]
// Target: p95 ≤ 50 ms, and the verb ≥ 0.5× the bare SQL's speed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Database, queryRows, sql } from "@tunix-rt/db";
import { compareEvaluations, leaderboardSql, listLeaderboard, pairSql } from "@tunix-rt/services";
import { startPostgres } from "./lib/postgres.js";
import { emit, intArg, listArg, machine, note, round } from "./lib/report.js";

const MODELS = intArg("models", "BENCH_MODELS", 1000);
const SETS = intArg("sets", "BENCH_SETS", 10);
const ITEMS = intArg("items", "BENCH_ITEMS", 1000);
const ROUNDS = intArg("rounds", "BENCH_ROUNDS", 60);
const targets = listArg("targets", ["postgres", "pglite"]);
const TARGET_P95_MS = 50;

/** Fills the store with SQL alone (generate_series), so seeding 10 million rows takes minutes, not hours. */
async function seed(db: Database) {
  const t0 = performance.now();
  // Whole numbers written into the SQL, so Postgres knows their type wherever they appear.
  const raw = (n: number) => sql.raw(String(Math.trunc(n)));
  const N = raw(ITEMS);
  const LAST = raw(ITEMS - 1);
  await db.execute(sql`INSERT INTO eval_sets (id, eval_set_key, name, version, source, extraction, item_count, content_hash, stats)
    SELECT gen_random_uuid(), 'bench' || s || '-v1', 'bench' || s, 'v1', '{"kind":"import"}', '["answer_line"]', ${N}, md5(s::text), '{}'
    FROM generate_series(1, ${raw(SETS)}) s`);
  await db.execute(sql`INSERT INTO eval_items (eval_set_id, position, item_id, prompt, expected_answer)
    SELECT es.id, p, 'item-' || p, 'What is ' || p || ' + 1?', (p + 1)::text FROM eval_sets es, generate_series(0, ${LAST}) p`);
  // The trained models (their training runs), then one evaluation run per model and set.
  await db.execute(sql`INSERT INTO runs (id, status, kind, name, mode, dataset_key, model_id, trainer, config, labels)
    SELECT gen_random_uuid(), 'completed', 'train', 'model ' || m, 'local', 'bench-v' || (m % 7), 'tiny', 'jax',
      json_build_object('learning_rate', 0.001 * (m % 9 + 1)), '[]'::jsonb FROM generate_series(1, ${raw(MODELS)}) m`);
  await db.execute(sql`INSERT INTO runs (id, status, kind, mode, dataset_key, model_id, trainer, config, labels, parent_run_id, eval_set_id)
    SELECT gen_random_uuid(), 'completed', 'eval', 'local', es.eval_set_key, 'tiny', 'jax',
      json_build_object('kind', 'eval', 'dataset_key', es.eval_set_key, 'trainer', 'jax', 'model_id', 'tiny',
        'eval_set', json_build_object('key', es.eval_set_key, 'id', es.id, 'content_hash', es.content_hash, 'item_count', es.item_count),
        'subject', json_build_object('run_id', r.id, 'checkpoint', 'checkpoints/100', 'requested', 'final', 'step', 100),
        'model', json_build_object('seed', 0, 'max_seq_length', 512, 'trainer_options', '{}'::json),
        'response_style', 'numbered', 'extraction', json_build_array('answer_line')),
      '[]'::jsonb, r.id, es.id
    FROM runs r, eval_sets es WHERE r.kind = 'train'`);
  // Each model's skill and each item's difficulty decide correctness, so accuracies and flips vary.
  await db.execute(sql`INSERT INTO eval_results (run_id, position, output, extracted, extraction, correct, match_method, format_ok, output_tokens, reasoning_tokens)
    SELECT er.id, p, 'Reasoning:\n1. add one\nAnswer: ' || (p + 1), (p + 1)::text, 'answer_line',
      (hashtext(er.parent_run_id::text || p) % 1000 + 1000) % 1000 < 300 + (hashtext(er.parent_run_id::text) % 400 + 400) % 400,
      'exact', true, 12, 6
    FROM runs er, generate_series(0, ${LAST}) p WHERE er.kind = 'eval'`);
  await db.execute(sql`INSERT INTO evaluations (run_id, eval_set_id, subject_run_id, checkpoint, step, model_id, trainer, n, correct,
      accuracy, ci_low, ci_high, format_rate, mean_reasoning_tokens, tokens_per_correct, summary, judge_version, contaminated_items,
      model_key, is_latest)
    SELECT er.id, er.eval_set_id, er.parent_run_id, 'checkpoints/100', 100, 'tiny', 'jax', ${N}, c.k, c.k::float8 / ${N},
      greatest(0, c.k::float8 / ${N} - 0.03), least(1, c.k::float8 / ${N} + 0.03), 1, 6, 12,
      jsonb_build_object('n', ${N}, 'correct', c.k, 'accuracy', c.k::float8 / ${N},
        'ci95', jsonb_build_array(greatest(0, c.k::float8 / ${N} - 0.03), least(1, c.k::float8 / ${N} + 0.03)),
        'format_ok', ${N}, 'format_rate', 1, 'answered', ${N}, 'mean_output_tokens', 12, 'mean_reasoning_tokens', 6,
        'tokens_per_correct', 12, 'by_category', '{}'::jsonb, 'by_difficulty', '{}'::jsonb), '1', 0,
      er.parent_run_id::text || ':checkpoints/100', true
    FROM runs er JOIN LATERAL (SELECT count(*) FILTER (WHERE correct) AS k FROM eval_results WHERE run_id = er.id) c ON true
    WHERE er.kind = 'eval'`);
  await db.execute(sql`ANALYZE`);
  return (performance.now() - t0) / 1000;
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function run(target: string, db: Database) {
  note(`${target}: seeding ${MODELS} models × ${SETS} sets × ${ITEMS} items`);
  const seedSeconds = await seed(db);
  const sets = await queryRows<{ id: string; eval_set_key: string }>(
    db,
    sql`SELECT id, eval_set_key FROM eval_sets ORDER BY eval_set_key`,
  );
  const deps = { db };
  const q = { eval_set: sets.map((s) => s.eval_set_key), sort: "-accuracy" as const, limit: 50 };
  const [a, b] = await queryRows<{ run_id: string }>(
    db,
    sql`SELECT run_id FROM evaluations WHERE eval_set_id = ${sets[0]!.id} ORDER BY run_id LIMIT 2`,
  );
  const cases = {
    leaderboard_page: () => listLeaderboard(deps, q),
    leaderboard_page_bare_sql: () =>
      queryRows(
        db,
        leaderboardSql(
          q,
          sets.map((s) => s.id),
        ),
      ),
    model_vs_model: () => compareEvaluations(deps, { baseline: a!.run_id, candidate: b!.run_id }),
    model_vs_model_bare_sql: () => queryRows(db, pairSql([a!.run_id, b!.run_id], true)),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const fn of Object.values(cases)) for (let w = 0; w < 3; w++) await fn(); // warm-up
  // Interleaved, so drift (caches, the other process) falls on all cases alike.
  for (let r = 0; r < ROUNDS; r++)
    for (const [k, fn] of Object.entries(cases)) samples[k]!.push(await time(fn));
  const stat = (k: string) => ({
    p50_ms: round(pct(samples[k]!, 0.5), 2),
    p95_ms: round(pct(samples[k]!, 0.95), 2),
  });
  for (const [verb, bare] of [
    ["leaderboard_page", "leaderboard_page_bare_sql"],
    ["model_vs_model", "model_vs_model_bare_sql"],
  ] as const) {
    const v = stat(verb);
    const base = stat(bare);
    emit({
      name: `${target}_${verb}`,
      models: MODELS,
      eval_sets: SETS,
      items: ITEMS,
      item_results: MODELS * SETS * ITEMS,
      rounds: ROUNDS,
      seed_seconds: round(seedSeconds, 1),
      ...v,
      bare_sql: base,
      speed_vs_bare_p95: round(base.p95_ms / v.p95_ms, 3),
      target_p95_ms: TARGET_P95_MS,
      meets_target: v.p95_ms <= TARGET_P95_MS && base.p95_ms / v.p95_ms >= 0.5,
    });
  }
}

emit({ name: "machine", ...machine() });
for (const target of targets) {
  if (target === "postgres") {
    const pg = await startPostgres();
    const h = await createDb({ databaseUrl: pg.url });
    try {
      await run(target, h.db);
    } finally {
      await h.close();
      pg.stop();
    }
  } else {
    const dir = mkdtempSync(join(tmpdir(), "bench-board-"));
    const h = await createDb({ pgliteDir: join(dir, "db") });
    try {
      await run(target, h.db);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
