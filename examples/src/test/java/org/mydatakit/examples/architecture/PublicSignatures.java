package org.mydatakit.examples.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a class shows its users: for a class that is public all the way out, its supertypes, type
 * parameter bounds, and the types in every public or protected field, constructor and method
 * (parameters, return type, generic arguments, throws clause).
 */
final class PublicSignatures {
  private PublicSignatures() {}

  /** Public, and nested (if at all) only in classes that are public too. */
  static final DescribedPredicate<JavaClass> VISIBLE =
      DescribedPredicate.describe("are visible to users", PublicSignatures::isVisible);

  private static boolean isVisible(JavaClass c) {
    return c.getModifiers().contains(JavaModifier.PUBLIC)
        && !c.isAnonymousClass()
        && !c.isLocalClass()
        && c.getEnclosingClass().map(PublicSignatures::isVisible).orElse(true);
  }

  /** A condition that no type matching {@code forbidden} appears in a visible signature. */
  static ArchCondition<JavaClass> notExpose(DescribedPredicate<? super JavaClass> forbidden) {
    return new ArchCondition<>(
        "not expose " + forbidden.getDescription() + " in public signatures") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (String where : exposures(c, forbidden)) {
          events.add(SimpleConditionEvent.violated(c, c.getName() + " exposes " + where));
        }
      }
    };
  }

  private static List<String> exposures(JavaClass c, DescribedPredicate<? super JavaClass> bad) {
    List<String> found = new ArrayList<>();
    c.getSuperclass().ifPresent(t -> report(found, bad, "its superclass", t));
    c.getInterfaces().forEach(t -> report(found, bad, "an interface", t));
    c.getTypeParameters().forEach(t -> report(found, bad, "a type parameter", t));
    for (JavaField f : c.getFields()) {
      if (isVisible(f)) {
        report(found, bad, "field " + f.getName(), f.getType());
      }
    }
    for (JavaCodeUnit u : c.getCodeUnits()) {
      if (!isVisible(u) || u.getModifiers().contains(JavaModifier.BRIDGE)) {
        continue;
      }
      String name = u.isConstructor() ? "a constructor" : "method " + u.getName() + "()";
      report(found, bad, name + "'s return type", u.getReturnType());
      u.getParameterTypes().forEach(p -> report(found, bad, name + "'s parameter", p));
      u.getTypeParameters().forEach(p -> report(found, bad, name + "'s type parameter", p));
      u.getThrowsClause().getTypes().forEach(t -> report(found, bad, name + "'s throws", t));
    }
    return found;
  }

  private static boolean isVisible(JavaMember m) {
    Set<JavaModifier> mods = m.getModifiers();
    return (mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED))
        && !mods.contains(JavaModifier.SYNTHETIC);
  }

  private static void report(
      List<String> found, DescribedPredicate<? super JavaClass> bad, String where, JavaType type) {
    Set<String> names = new TreeSet<>();
    for (JavaClass raw : type.getAllInvolvedRawTypes()) {
      if (bad.test(raw)) {
        names.add(raw.getName());
      }
    }
    if (!names.isEmpty()) {
      found.add(names + " in " + where);
    }
  }
}
