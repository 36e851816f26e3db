import { readFileRange } from "./byte-stream.js";
import type { WalkEntry } from "./list-artifacts.js";

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits: 8 GiB - 1
const END_OF_ARCHIVE = 2 * BLOCK;

/** One archive member: its name inside the tar and where its bytes come from. */
export interface TarMember {
  name: string;
  type: "file" | "dir";
  size: number;
  mtimeMs: number;
  realPath: string;
}

const padding = (n: number) => (BLOCK - (n % BLOCK)) % BLOCK;

function writeString(block: Buffer, offset: number, length: number, value: string) {
  Buffer.from(value, "utf8").copy(block, offset, 0, length);
}

function writeOctal(block: Buffer, offset: number, length: number, value: number) {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

/** Splits a long name into ustar prefix (≤155 bytes) + name (≤100 bytes) at a slash, if it can. */
function splitUstar(name: string): [string, string] | null {
  if (Buffer.byteLength(name) <= 100) return ["", name];
  for (let i = name.indexOf("/"); i > 0; i = name.indexOf("/", i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest) return [prefix, rest];
  }
  return null;
}

// Pax records are "<len> key=value\n" where <len> counts its own digits too.
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  const digits = String(bodyLength).length;
  let length = bodyLength + digits;
  if (String(length).length > digits) length += 1; // adding the digits added a digit (e.g. 98 + 2)
  return `${length}${body}`;
}

function header(name: string, type: "0" | "5" | "x", size: number, mtimeMs: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, shortName] = splitUstar(name) ?? ["", name.slice(-100)];
  writeString(block, 0, 100, shortName);
  writeOctal(block, 100, 8, type === "5" ? 0o755 : 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size > MAX_OCTAL_SIZE ? 0 : size);
  writeOctal(block, 136, 12, Math.max(0, Math.floor(mtimeMs / 1000)));
  block.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  block.write(type, 156, "latin1");
  block.write("ustar\u000000", 257, "latin1");
  writeString(block, 345, 155, prefix);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeString(block, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return block;
}

/** The pax extended header a member needs (non-ASCII or long names, sizes ≥ 8 GiB), or null. */
function paxFor(member: TarMember, name: string): Buffer | null {
  let records = "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range check
  if (!/^[\x00-\x7f]*$/.test(name) || !splitUstar(name)) records += paxRecord("path", name);
  if (member.size > MAX_OCTAL_SIZE) records += paxRecord("size", String(member.size));
  if (!records) return null;
  const data = Buffer.from(records, "utf8");
  const label = member.name
    .split("/")
    .pop()!
    .replace(/[^\w.-]/g, "_")
    .slice(0, 80);
  const head = header(`PaxHeader/${label}`, "x", data.length, member.mtimeMs);
  return Buffer.concat([head, data, Buffer.alloc(padding(data.length))]);
}

const memberName = (m: TarMember) => (m.type === "dir" ? `${m.name}/` : m.name);

/** Exact byte length of the archive, so the download can announce Content-Length. */
export function tarSize(members: TarMember[]): number {
  let total = END_OF_ARCHIVE;
  for (const m of members) {
    total += paxFor(m, memberName(m))?.length ?? 0;
    total += BLOCK + (m.type === "file" ? m.size + padding(m.size) : 0);
  }
  return total;
}

/**
 * Streams a ustar archive (pax headers where ustar falls short) one file chunk at a time: memory
 * stays constant whatever the checkpoint size. Sizes are those listed; a file that shrinks fails
 * the stream rather than producing a corrupt archive.
 */
export async function* tarChunks(members: TarMember[]): AsyncGenerator<Uint8Array> {
  for (const m of members) {
    const name = memberName(m);
    const pax = paxFor(m, name);
    if (pax) yield pax;
    yield header(name, m.type === "dir" ? "5" : "0", m.type === "file" ? m.size : 0, m.mtimeMs);
    if (m.type !== "file") continue;
    yield* readFileRange(m.realPath, 0, m.size);
    const pad = padding(m.size);
    if (pad) yield new Uint8Array(pad);
  }
  yield new Uint8Array(END_OF_ARCHIVE);
}

/** Members for downloading directory `dir` (a listing entry): `<basename>/…` like a source tarball. */
export function tarMembers(dir: { path: string; realPath: string; mtimeMs: number }, below: WalkEntry[]) {
  const base = dir.path.slice(dir.path.lastIndexOf("/") + 1);
  const cut = dir.path.length + 1;
  const members: TarMember[] = [
    { name: base, type: "dir", size: 0, mtimeMs: dir.mtimeMs, realPath: dir.realPath },
  ];
  for (const e of below) members.push({ ...e, name: `${base}/${e.path.slice(cut)}` });
  return members;
}
