import { useState } from "react";
import { applyTheme, NEXT, storedTheme, type Theme } from "./theme";

const LABEL: Record<Theme, string> = { auto: "Theme: auto", dark: "Theme: dark", light: "Theme: light" };

/** Cycles auto (the system's) → dark → light. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <button
      type="button"
      className="theme-toggle"
      data-testid="sys:theme"
      data-theme={theme}
      title="Colour theme: auto follows the system; click for dark, then light"
      onClick={() => {
        const next = NEXT[theme];
        applyTheme(next);
        setTheme(next);
      }}
    >
      {LABEL[theme]}
    </button>
  );
}
