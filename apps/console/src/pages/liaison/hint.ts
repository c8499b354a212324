// Mantine's input descriptions are in its dimmed grey, under WCAG AA contrast on white: a darker grey.
export const READABLE_HINT = { description: { color: 'var(--mantine-color-gray-7)' } };
