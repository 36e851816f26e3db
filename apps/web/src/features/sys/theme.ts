/** The colour theme: the system's (auto) unless the user picked one, remembered in this browser. */
export type Theme = "auto" | "light" | "dark";

const KEY = "tunix-rt-theme";
export const NEXT: Record<Theme, Theme> = { auto: "dark", dark: "light", light: "auto" };
const systemDark = () => window.matchMedia?.("(prefers-color-scheme: dark)");

export function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : "auto";
  } catch {
    return "auto";
  }
}

let current: Theme = "auto";
/** The palette in effect on <html data-theme>, which the stylesheet reads: light or dark. */
const paint = () => {
  const dark = current === "dark" || (current === "auto" && Boolean(systemDark()?.matches));
  document.documentElement.dataset.theme = dark ? "dark" : "light";
};

/** Applies a choice and remembers it; on auto the page follows the system as it changes. */
export function applyTheme(theme: Theme) {
  current = theme;
  paint();
  try {
    if (theme === "auto") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

systemDark()?.addEventListener("change", paint);
