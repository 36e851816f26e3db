import { useState } from "react";

export interface ColumnPrefs {
  /** `config:<path>` and `metric:<name>` columns, in the order added. */
  extra: string[];
  /** Built-in columns switched off. */
  hidden: string[];
}

const KEY = "tunix-rt.runs.columns";
const EMPTY: ColumnPrefs = { extra: [], hidden: [] };

function load(): ColumnPrefs {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? "null") as Partial<ColumnPrefs> | null;
    const strings = (a: unknown) =>
      Array.isArray(a) ? a.filter((x): x is string => typeof x === "string") : [];
    return v ? { extra: strings(v.extra), hidden: strings(v.hidden) } : EMPTY;
  } catch {
    return EMPTY;
  }
}

/** The runs list's columns, remembered in this browser (like a theme, a reader's choice). */
export function useColumnPrefs(): [ColumnPrefs, (p: ColumnPrefs) => void] {
  const [prefs, setPrefs] = useState(load);
  return [
    prefs,
    (p) => {
      setPrefs(p);
      try {
        localStorage.setItem(KEY, JSON.stringify(p));
      } catch {
        // Storage can be full or off (private windows): the choice then lasts for this page only.
      }
    },
  ];
}
