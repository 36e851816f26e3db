import { useEffect, useState } from "react";

/** Seconds since this mounted, ticking: a long wait shows that it is still going. */
export function Elapsed() {
  const [start] = useState(() => Date.now());
  const [now, setNow] = useState(start);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const s = Math.floor((now - start) / 1000);
  return s > 0 ? <span className="muted"> ({s} s)</span> : null;
}
