import { NavLink, Outlet } from "react-router";
import { HealthBadges } from "../features/sys/health-badges";
import { ThemeToggle } from "../features/sys/theme-toggle";

/** Sections of the workbench, in the order of the work: traces → datasets → runs → evaluations → ranking and shipping. */
const NAV = [
  { to: "/traces", label: "Traces" },
  { to: "/compare", label: "Compare" },
  { to: "/datasets", label: "Datasets" },
  { to: "/generators", label: "Generators" },
  { to: "/runs", label: "Runs" },
  { to: "/evals", label: "Evaluations" },
  { to: "/leaderboard", label: "Leaderboard" },
  { to: "/models", label: "Models" },
];

export function Layout() {
  return (
    <div className="shell">
      <header className="shell-header">
        <div className="shell-header-inner">
          <NavLink to="/traces" className="brand" aria-label="tunix-rt home">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            <span>tunix-rt</span>
          </NavLink>
          <nav className="main-nav" aria-label="Main">
            {NAV.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                className="nav-link"
                data-testid={`sys:nav-${item.label.toLowerCase()}`}
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <HealthBadges />
          <ThemeToggle />
        </div>
      </header>
      <main className="shell-main">
        <Outlet />
      </main>
    </div>
  );
}
