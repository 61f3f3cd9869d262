/** The current minute, re-rendering each minute: « ouvert maintenant » stays true as time passes. */
import { useEffect, useState } from 'preact/hooks';

function minute(): Date {
  const now = Date.now();
  return new Date(now - (now % 60_000));
}

export function useMinuteClock(): Date {
  const [now, setNow] = useState(minute);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(minute());
      timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    };
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    return () => clearTimeout(timer);
  }, []);
  return now;
}
