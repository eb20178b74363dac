import { render } from 'preact';
import { Options } from '@/components/Options';
import '@/components/popup.css';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '@/lib/settings/settings';

const root = document.getElementById('app')!;
const paint = (settings: Settings, saved: boolean) =>
  render(
    <Options settings={settings} saved={saved} onChange={(patch) => void saveSettings(patch).then((s) => paint(s, true))} />,
    root,
  );

paint(DEFAULT_SETTINGS, false);
void loadSettings().then((s) => paint(s, false));
