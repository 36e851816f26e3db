import { pyJsonDumps } from "./python-json.js";

/**
 * Enough of PyYAML's `yaml.dump(d, default_flow_style=False, sort_keys=False)` for the seed's
 * Tunix manifest: nested mappings of strings, ints and floats, in insertion order.
 */
export type YamlValue = string | number | { float: number } | { [key: string]: YamlValue };

const IMPLICIT = [
  /^(?:[-+]?(?:0|[1-9][0-9_]*)|0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+)$/, // int
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/, // float
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$/, // bool
  /^(?:~|null|Null|NULL)?$/, // null
  /^\d{4}-\d\d?-\d\d?/, // timestamp
];

function yamlString(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what forces double quotes
  const needsDouble = /[\x00-\x08\x0a-\x1f\x7f]/.test(s);
  if (needsDouble) return pyJsonDumps(s);
  const plain =
    !IMPLICIT.some((re) => re.test(s)) &&
    !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) &&
    !/\s$/.test(s) &&
    !/: |\s#/.test(s) &&
    !s.endsWith(":");
  return plain ? s : `'${s.replace(/'/g, "''")}'`;
}

/** PyYAML's float: repr(), lower-cased, with ".0" put into a bare mantissa ("2e-05" → "2.0e-05"). */
export function yamlFloat(x: number): string {
  let v = Number.isInteger(x) && Math.abs(x) < 1e16 ? `${x}.0` : pyJsonDumps(x).toLowerCase();
  if (!v.includes(".") && v.includes("e")) v = v.replace("e", ".0e");
  return v;
}

export function dumpYaml(value: { [key: string]: YamlValue }, indent = 0): string {
  let out = "";
  const pad = " ".repeat(indent);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out += `${pad}${k}: ${yamlString(v)}\n`;
    else if (typeof v === "number") out += `${pad}${k}: ${v}\n`;
    else if ("float" in v && typeof v.float === "number") out += `${pad}${k}: ${yamlFloat(v.float)}\n`;
    else out += `${pad}${k}:\n${dumpYaml(v as { [key: string]: YamlValue }, indent + 2)}`;
  }
  return out;
}
