import { createTheme, CSSVariablesResolver, MantineProvider } from '@mantine/core';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { routes } from './routes';

// Colours chosen for contrast (WCAG AA on white) rather than Mantine's lighter defaults.
const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  defaultRadius: 'sm',
});

// Text on Mantine's light variants (alerts, light badges and buttons) in the darkest shade, so it
// reads at WCAG AA contrast on their tinted background.
const COLOURS = ['red', 'green', 'blue', 'indigo', 'gray', 'yellow', 'orange', 'teal', 'grape', 'violet', 'cyan', 'pink', 'lime'];
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...Object.fromEntries(COLOURS.map((colour) => [`--mantine-color-${colour}-light-color`, `var(--mantine-color-${colour}-9)`])),
    // Dimmed text (inputs' descriptions, secondary lines) in a grey that reads at AA contrast on white.
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Placeholders too: an empty file picker shows only its placeholder.
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

const router = createBrowserRouter(routes);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={contrast}>
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
