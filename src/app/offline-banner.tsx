import { useOnline } from '@/lib/dom/use-online';

export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <p role="status" className="offline-banner">
      You’re offline. Ideas already loaded stay here; new searches will run when you’re back online.
    </p>
  );
}
