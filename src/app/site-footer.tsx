export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>
        Images: emoji by{' '}
        <a href="https://openmoji.org/" target="_blank" rel="noopener noreferrer">
          OpenMoji
        </a>{' '}
        – the open-source emoji and icon project, licensed{' '}
        <a
          href="https://creativecommons.org/licenses/by-sa/4.0/"
          target="_blank"
          rel="license noopener noreferrer"
        >
          CC BY-SA 4.0
        </a>
        ; illustrations from the{' '}
        <a href="https://openclipart.org/" target="_blank" rel="noopener noreferrer">
          Open Clip Art Library
        </a>
        , public domain.
      </p>
    </footer>
  );
}
