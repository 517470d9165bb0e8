package io.liftoff.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the project's poms and checks what publishing depends on and nothing else keeps
 * true: {@code liftoff-bom} has no parent (so that importing it brings no Spring, Netty
 * or RocketMQ versions), so neither its version nor its list of modules follows the build
 * by itself; and Maven Central refuses a pom without a name, description, url, license,
 * scm or developers.
 */
class PublishedModulesTests {

    private static final Path ROOT = Path.of("..");

    private final Element parent = read(ROOT.resolve("pom.xml"));

    private final Element bom = read(ROOT.resolve("bom").resolve("pom.xml"));

    @Test
    void theBomHasTheProjectVersion() {
        assertThat(text(this.bom, "version")).as("the version in bom/pom.xml, which must be liftoff-parent's")
            .isEqualTo(text(this.parent, "version"));
    }

    @Test
    void theBomListsEveryPublishedModuleAtItsOwnVersionAndNothingElse() {
        Map<String, String> listed = new TreeMap<>();
        for (Element dependency : children(child(child(this.bom, "dependencyManagement"), "dependencies"))) {
            assertThat(text(dependency, "groupId")).isEqualTo("io.liftoff");
            listed.put(text(dependency, "artifactId"), text(dependency, "version"));
        }
        Map<String, String> published = new TreeMap<>();
        for (Element module : publishedModules()) {
            if (!"pom".equals(text(module, "packaging"))) {
                published.put(text(module, "artifactId"), "${project.version}");
            }
        }
        assertThat(published).containsOnlyKeys("liftoff-client", "liftoff-embedded",
                "liftoff-spring-boot-autoconfigure", "liftoff-spring-boot-starter");
        assertThat(listed).as("the modules in bom/pom.xml, which must be those published").isEqualTo(published);
    }

    @Test
    void everyPublishedPomHasTheMetadataMavenCentralRequires() {
        for (Element module : publishedModules()) {
            assertThat(text(module, "name")).as("name of %s", text(module, "artifactId")).isNotBlank();
            assertThat(text(module, "description")).as("description of %s", text(module, "artifactId")).isNotBlank();
        }
        // The modules inherit the rest from the parent; the bom has no parent and repeats
        // it.
        for (Element pom : List.of(this.parent, this.bom)) {
            assertThat(text(pom, "url")).isEqualTo("https://github.com/liftoff-rocketmq/liftoff");
            assertThat(text(child(child(pom, "licenses"), "license"), "name")).isEqualTo("Apache License, Version 2.0");
            Element scm = child(pom, "scm");
            assertThat(List.of(text(scm, "connection"), text(scm, "developerConnection"), text(scm, "url")))
                .allSatisfy((value) -> assertThat(value).isNotBlank());
            assertThat(text(child(child(pom, "developers"), "developer"), "name")).isNotBlank();
        }
        assertThat(child(this.bom, "parent")).as("the bom's parent").isNull();
    }

    /**
     * The parent, the bom and every module of the root pom that does not set
     * {@code maven.deploy.skip}.
     */
    private List<Element> publishedModules() {
        List<Element> published = new ArrayList<>(List.of(this.parent, this.bom));
        for (Element module : children(child(this.parent, "modules"))) {
            String directory = module.getTextContent().trim();
            if (directory.equals("bom")) {
                continue;
            }
            Element pom = read(ROOT.resolve(directory).resolve("pom.xml"));
            if (!"true".equals(text(child(pom, "properties"), "maven.deploy.skip"))) {
                published.add(pom);
            }
        }
        return published;
    }

    private static Element read(Path pom) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Cannot read " + pom, ex);
        }
    }

    private static @Nullable String text(@Nullable Element element, String name) {
        Element child = child(element, name);
        return (child != null) ? child.getTextContent().trim() : null;
    }

    private static @Nullable Element child(@Nullable Element element, String name) {
        if (element == null) {
            return null;
        }
        for (Element child : children(element)) {
            if (child.getTagName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    private static List<Element> children(@Nullable Element element) {
        List<Element> children = new ArrayList<>();
        for (Node node = (element != null) ? element.getFirstChild() : null; node != null; node = node
            .getNextSibling()) {
            if (node instanceof Element child) {
                children.add(child);
            }
        }
        return children;
    }

}
