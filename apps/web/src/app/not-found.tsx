import { Link, useLocation } from "react-router";

export function NotFound() {
  const { pathname } = useLocation();
  return (
    <section className="card empty-state">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code>. <Link to="/traces">Go to traces</Link>.
      </p>
    </section>
  );
}
