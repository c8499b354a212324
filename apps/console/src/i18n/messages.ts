// The public pages' words in English and Spanish. Each language has every key: the type makes a
// missing translation a type error, and a unit test checks no value is empty.
export type Language = 'en' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'es'];

const en = {
  'nav.home': 'Home',
  'nav.warningSigns': 'Warning signs',
  'nav.tip': 'Report a concern',
  'nav.tipStatus': 'Follow up a report',
  'nav.directory': 'Find help',
  'nav.statistics': 'Statistics',
  'nav.signIn': 'Staff sign-in',
  'nav.language': 'Language',
  'home.title': 'Help for children at risk of trafficking',
  'home.lead':
    'If a child is in danger right now, call 911. To report a concern about a child, you can write to the police of your area here, without giving your name.',
  'home.warningSigns': 'Learn the warning signs',
  'home.tip': 'Report a concern',
  'home.directory': 'Find hotlines and services',
  'home.statistics': 'Read the published statistics',
  'home.emergency': 'In an emergency, call 911. National Human Trafficking Hotline: 1-888-373-7888 (text 233733).',
  'common.loading': 'Loading…',
  'common.source': 'Source',
} as const;

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  'nav.home': 'Inicio',
  'nav.warningSigns': 'Señales de alerta',
  'nav.tip': 'Reportar una preocupación',
  'nav.tipStatus': 'Seguimiento de un reporte',
  'nav.directory': 'Buscar ayuda',
  'nav.statistics': 'Estadísticas',
  'nav.signIn': 'Acceso del personal',
  'nav.language': 'Idioma',
  'home.title': 'Ayuda para niños en riesgo de trata',
  'home.lead':
    'Si un niño está en peligro ahora mismo, llame al 911. Para reportar una preocupación sobre un niño, puede escribir aquí a la policía de su zona, sin dar su nombre.',
  'home.warningSigns': 'Conozca las señales de alerta',
  'home.tip': 'Reportar una preocupación',
  'home.directory': 'Buscar líneas de ayuda y servicios',
  'home.statistics': 'Leer las estadísticas publicadas',
  'home.emergency': 'En una emergencia, llame al 911. Línea Nacional contra la Trata de Personas: 1-888-373-7888 (mensaje de texto al 233733).',
  'common.loading': 'Cargando…',
  'common.source': 'Fuente',
};

export const MESSAGES: Record<Language, Record<MessageKey, string>> = { en, es };
