package wsis.esanalysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.Map;
import java.util.TreeMap;

/**
 * Registers the analyzers the wsis-pipeline index uses (english, french, spanish, russian, arabic, cjk) under the
 * names Elasticsearch's own analysis-common module gives them, each one Lucene's analyzer for that language
 * (lucene-analysis-common, already on the server's module path). Settings {@code stopwords}, {@code stopwords_path}
 * and {@code stem_exclusion} are honoured. ("standard" is built into the server.)
 */
public class LanguageAnalyzersPlugin extends Plugin implements AnalysisPlugin {

    /** Makes the Lucene analyzer from the resolved stop words and stem exclusions. */
    @FunctionalInterface
    private interface LuceneAnalyzerFactory {
        Analyzer create(CharArraySet stopWords, CharArraySet stemExclusion);
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new TreeMap<>();
        analyzers.put("english", provider(EnglishAnalyzer.getDefaultStopSet(), EnglishAnalyzer::new));
        analyzers.put("french", provider(FrenchAnalyzer.getDefaultStopSet(), FrenchAnalyzer::new));
        analyzers.put("spanish", provider(SpanishAnalyzer.getDefaultStopSet(), SpanishAnalyzer::new));
        analyzers.put("russian", provider(RussianAnalyzer.getDefaultStopSet(), RussianAnalyzer::new));
        analyzers.put("arabic", provider(ArabicAnalyzer.getDefaultStopSet(), ArabicAnalyzer::new));
        analyzers.put("cjk", provider(CJKAnalyzer.getDefaultStopSet(), (stop, stemExclusion) -> new CJKAnalyzer(stop)));
        return analyzers;
    }

    private static AnalysisProvider<AnalyzerProvider<? extends Analyzer>> provider(
        CharArraySet defaultStopWords,
        LuceneAnalyzerFactory factory
    ) {
        return (IndexSettings indexSettings, Environment environment, String name, Settings settings) -> {
            CharArraySet stopWords = Analysis.parseStopWords(environment, settings, defaultStopWords);
            CharArraySet stemExclusion = Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET);
            return new LanguageAnalyzerProvider(name, settings, factory.create(stopWords, stemExclusion));
        };
    }

    private static final class LanguageAnalyzerProvider extends AbstractIndexAnalyzerProvider<Analyzer> {
        private final Analyzer analyzer;

        LanguageAnalyzerProvider(String name, Settings settings, Analyzer analyzer) {
            super(name, settings);
            this.analyzer = analyzer;
        }

        @Override
        public Analyzer get() {
            return analyzer;
        }
    }
}
