// Small inline icons (no icon font: the CSP allows only our own files, and glyph coverage varies).
const PATHS = {
  first: 'M4 3h2v10H4zM13 3v10L7 8z',
  prev: 'M11 3v10L5 8z',
  next: 'M5 3v10l6-5z',
  last: 'M10 3h2v10h-2zM3 3v10l6-5z',
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  sun: 'M8 4.5a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7zM7.25 0h1.5v2.5h-1.5zM7.25 13.5h1.5V16h-1.5zM0 7.25h2.5v1.5H0zM13.5 7.25H16v1.5h-2.5zM2.1 3.2l1.1-1.1 1.8 1.8-1.1 1.1zM11 12.1l1.1-1.1 1.8 1.8-1.1 1.1zM2.1 12.8l1.8-1.8 1.1 1.1-1.8 1.8zM11 3.9l1.8-1.8 1.1 1.1-1.8 1.8z',
  moon: 'M10.5 1.5A6.5 6.5 0 1 0 14.5 11 5.5 5.5 0 0 1 10.5 1.5z',
} as const;

export function Icon({ name, size = 14 }: { name: keyof typeof PATHS; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false" style={{ fill: 'currentColor', verticalAlign: '-2px' }}>
      <path d={PATHS[name]} />
    </svg>
  );
}
