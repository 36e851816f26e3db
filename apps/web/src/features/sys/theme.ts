/** The colour theme: the system's (auto) unless the user picked one, remembered in this browser. */
export type Theme = "auto" | "light" | "dark";

const KEY = "tunix-rt-theme";
export const NEXT: Record<Theme, Theme> = { auto: "dark", dark: "light", light: "auto" };

export function storedTheme(): Theme {
  try {
    const t = localStorage.getItem(KEY);
    return t === "light" || t === "dark" ? t : "auto";
  } catch {
    return "auto";
  }
}

/** Applies it to <html data-theme> (the stylesheet reads that) and remembers it. */
export function applyTheme(theme: Theme) {
  if (theme === "auto") document.documentElement.removeAttribute("data-theme");
  else document.documentElement.dataset.theme = theme;
  try {
    if (theme === "auto") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
