import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Language, MESSAGES, MessageKey } from './messages';

interface LanguageContext {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
}

const Context = createContext<LanguageContext | null>(null);

/** The browser's preferred language when it is Spanish, else English; switched on the page, kept nowhere. */
function initialLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <Context.Provider value={{ language, setLanguage, t: (key) => MESSAGES[language][key] }}>{children}</Context.Provider>;
}

export function useLanguage(): LanguageContext {
  const context = useContext(Context);
  if (!context) throw new Error('useLanguage outside LanguageProvider');
  return context;
}
