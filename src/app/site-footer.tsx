import { t } from '@/lib/i18n/i18n';
import { lazyModule } from '@/lib/lazy/lazy-module';
import { useLazyModule } from '@/lib/lazy/use-lazy-module';

/** Fetched with the first view's other late chunks (main.tsx), or at once by a reader who uses it. */
export const languageMenuModule = lazyModule(() => import('./language-menu'));

export function SiteFooter() {
  const menu = useLazyModule(languageMenuModule, false);
  return (
    <footer className="site-footer">
      {/* Its box is there from the start, so the menu coming in moves nothing. */}
      {menu.status === 'loaded' ? <menu.value.default /> : <p className="language-menu" />}
      <p>
        {t(
          'Images: emoji by {openmoji} – the open-source emoji and icon project, licensed {license}; illustrations from the {openclipart}, public domain.',
          {
            openmoji: (
              <a href="https://openmoji.org/" target="_blank" rel="noopener noreferrer">
                OpenMoji
              </a>
            ),
            license: (
              <a
                href="https://creativecommons.org/licenses/by-sa/4.0/"
                target="_blank"
                rel="license noopener noreferrer"
              >
                CC BY-SA 4.0
              </a>
            ),
            openclipart: (
              <a href="https://openclipart.org/" target="_blank" rel="noopener noreferrer">
                Open Clip Art Library
              </a>
            ),
          },
        )}
      </p>
    </footer>
  );
}
