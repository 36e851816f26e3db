import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import { applyTheme, storedTheme } from "./features/sys/theme";
import "./styles/base.css";
import "./styles/controls.css";
import "./styles/layout.css";
import "./styles/theme.css";

applyTheme(storedTheme()); // before the first paint, so a dark choice never flashes light

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
